// The publish panel: address, publish, unpublish, roll back, copy link; sign-up and billing prompts.
import { announce, api } from './api.js';

/** Wire the panel; returns {update(portfolio, latestBuild)} to redraw it when things change. */
export function setupPublishing(root, page, getPortfolio, setPortfolio) {
  const el = (name) => root.querySelector(`[data-${name}]`);
  const status = el('publish-status');
  const slug = root.querySelector('#slug');
  const slugError = el('slug-error');
  const publishButton = el('publish');

  const absolute = (path) => new URL(path, page.publicBase).href;
  const preview = el('address-preview');
  const showAddress = () => {
    const value = slug.value.trim().toLowerCase();
    preview.textContent = value ? `Your site will be at ${page.publicBase}${value}/` : '';
  };
  slug.addEventListener('input', showAddress);
  showAddress();

  function update(portfolio, build) {
    const live = !!(portfolio && portfolio.published);
    const ready = !!(build && build.status === 'succeeded');
    el('live').hidden = !live;
    publishButton.disabled = !ready;
    const outdated = live && ready && build.id !== portfolio.liveBuildId;
    publishButton.textContent = !live ? 'Publish' : outdated ? 'Publish changes' : 'Update address';
    if (!portfolio) return;
    if (portfolio.slug && !slug.value) slug.value = portfolio.slug;
    if (live) {
      const link = el('public-link');
      link.href = portfolio.publicUrl;
      link.textContent = absolute(portfolio.publicUrl);
      el('rollback').hidden = !portfolio.previousBuildId;
      el('outdated').hidden = !outdated;
    }
  }

  function showCallToAction(err) {
    const next = encodeURIComponent(window.location.pathname);
    if (err.code === 'sign_up') {
      el('signup').hidden = false;
      el('signup-link').href = `/account/register?next=${next}`;
      el('login-link').href = `/account/login?next=${next}`;
      el('signup-link').focus();
      return true;
    }
    if (err.code === 'payment_required') {
      el('billing').hidden = false;
      el('billing-link').href = err.body.billingUrl || '/billing';
      el('billing-link').focus();
      return true;
    }
    if (err.code === 'invalid_slug' || err.code === 'slug_taken') {
      slugError.textContent = err.message;
      slug.setAttribute('aria-invalid', 'true');
      slug.focus();
      return true;
    }
    return false;
  }

  async function act(action, body, doneText) {
    const portfolio = getPortfolio();
    if (!portfolio) return;
    slugError.textContent = '';
    slug.removeAttribute('aria-invalid');
    try {
      const updated = await api('POST', `/api/v1/portfolios/${portfolio.id}/${action}`, body);
      setPortfolio(updated);
      announce(status, doneText(updated));
    } catch (err) {
      if (!showCallToAction(err)) announce(status, err.message);
    }
  }

  publishButton.addEventListener('click', () => {
    const build = getPortfolio() && getPortfolio().latestBuild;
    const body = { buildId: build && build.id };
    if (slug.value.trim()) body.slug = slug.value.trim().toLowerCase();
    act('publish', body, () => 'Published. Your site is live.');
  });
  el('unpublish').addEventListener('click', () => act('unpublish', undefined, () => 'Your site is offline.'));
  el('rollback').addEventListener('click', () => act('rollback', undefined, () => 'The previous version is live again.'));
  el('copy').addEventListener('click', async () => {
    const url = el('public-link').textContent;
    try {
      await navigator.clipboard.writeText(url);
      announce(status, 'Link copied.');
    } catch (err) {
      // Clipboard access can be refused (insecure origin, permissions): select it instead.
      window.getSelection().selectAllChildren(el('public-link'));
      announce(status, 'Press Ctrl+C (or ⌘C) to copy the selected link.');
    }
  });
  return { update };
}
