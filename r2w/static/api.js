// Talking to r2w's JSON API from the pages: CSRF header, JSON in and out, one error type.

const csrfMeta = document.querySelector('meta[name="csrf-token"]');

/** An API answer that was not a success; carries the API's {error, message} and extras. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `The server answered ${status}.`);
    this.status = status;
    this.code = (body && body.error) || 'error';
    this.body = body || {};
  }
}

/** The CSRF token the page was rendered with (sent as X-CSRFToken on changes). */
export function csrfToken() {
  return csrfMeta ? csrfMeta.content : '';
}

async function parse(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : null;
}

/** Call the API; resolve with the JSON body or reject with an ApiError. */
export async function api(method, url, body, options = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', keepalive: !!options.keepalive };
  if (method !== 'GET') headers['X-CSRFToken'] = csrfToken();
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new ApiError(0, { error: 'network', message: 'We could not reach r2w. Check your connection and try again.' });
  }
  const data = await parse(response).catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** Read the JSON a page embedded in a <script type="application/json"> element. */
export function pageData(id = 'page-data') {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : {};
}

/** Put text in a live region so screen readers hear it. */
export function announce(node, text) {
  if (!node) return;
  node.textContent = '';
  // A fresh text node after a tick makes repeated messages be read again.
  setTimeout(() => { node.textContent = text; }, 30);
}
