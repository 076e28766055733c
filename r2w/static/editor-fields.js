// Building the editor's form from the field description, and reading values back into the document.

/** Split "experience.experienceItems[0].jobTitle" into ['experience', 'experienceItems', 0, 'jobTitle']. */
export function parsePath(path) {
  const parts = [];
  for (const piece of path.split('.')) {
    const [name, ...indexes] = piece.split('[');
    if (name) parts.push(name);
    for (const index of indexes) parts.push(Number(index.replace(']', '')));
  }
  return parts;
}

export function getAt(doc, path) {
  return parsePath(path).reduce((node, key) => (node == null ? undefined : node[key]), doc);
}

/** Set a value, creating the objects on the way (a null location becomes {}). */
export function setAt(doc, path, value) {
  const parts = parsePath(path);
  let node = doc;
  parts.slice(0, -1).forEach((key, i) => {
    if (node[key] == null) node[key] = typeof parts[i + 1] === 'number' ? [] : {};
    node = node[key];
  });
  node[parts[parts.length - 1]] = value;
}

export const idFor = (path) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** Create an element with attributes and children (strings become text, never HTML). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child != null) node.append(child);
  }
  return node;
}

function displayValue(spec, value) {
  if (spec.kind === 'lines') return (value || []).join('\n');
  if (spec.kind === 'map') return Object.entries(value || {}).map(([k, v]) => `${k}: ${v}`).join('\n');
  if (spec.kind === 'json') return value && Object.keys(value).length ? JSON.stringify(value, null, 2) : '';
  return value == null ? '' : String(value);
}

/** The document value an input holds; throws Error with a message the person can act on. */
export function readValue(input) {
  const kind = input.dataset.kind;
  const raw = input.value;
  if (kind === 'bool') return input.checked;
  if (kind === 'lines') return raw.split('\n').map((line) => line.trim()).filter(Boolean);
  if (kind === 'select') return raw || null;
  if (kind === 'number') {
    if (raw.trim() === '') return null;
    const n = Number(raw);
    if (!Number.isInteger(n)) throw new Error('Enter a whole number.');
    return n;
  }
  if (kind === 'map') {
    const out = {};
    for (const line of raw.split('\n')) {
      if (!line.trim()) continue;
      const at = line.indexOf(':');
      const key = (at < 0 ? line : line.slice(0, at)).trim();
      if (key) out[key] = at < 0 ? '' : line.slice(at + 1).trim();
    }
    return out;
  }
  if (kind === 'json') {
    if (!raw.trim()) return {};
    let parsed;
    try { parsed = JSON.parse(raw); } catch (err) { throw new Error('This is not valid JSON.'); }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('Write a JSON object: { … }.');
    return parsed;
  }
  return raw;
}

function inputFor(spec, value, path, describedBy) {
  const common = { id: idFor(path), 'data-path': path, 'data-kind': spec.kind, 'aria-describedby': describedBy };
  const multiline = ['longtext', 'lines', 'map', 'json'].includes(spec.kind);
  if (multiline) {
    const rows = spec.kind === 'longtext' ? 4 : Math.min(12, Math.max(3, displayValue(spec, value).split('\n').length + 1));
    const area = h('textarea', { ...common, rows, spellcheck: spec.kind === 'json' ? 'false' : null });
    area.value = displayValue(spec, value);
    return area;
  }
  if (spec.kind === 'select') {
    const select = h('select', common, h('option', { value: '', text: 'Theme default' }),
      spec.options.map((option) => h('option', { value: option, text: option })));
    select.value = value || '';
    return select;
  }
  if (spec.kind === 'bool') return h('input', { ...common, type: 'checkbox', checked: !!value });
  const key = spec.key.toLowerCase();
  let type = 'text';
  let inputmode = null;
  if (spec.kind === 'number') { type = 'text'; inputmode = 'numeric'; }
  else if (key === 'email') inputmode = 'email';
  else if (key === 'phone') type = 'tel';
  else if (key.endsWith('url') || key === 'doi') inputmode = 'url';
  const input = h('input', { ...common, type, inputmode });
  input.value = displayValue(spec, value);
  return input;
}

/** One labelled input with its hint and (empty) error line. */
export function renderInput(spec, value, path) {
  const id = idFor(path);
  const hint = spec.hint ? h('small', { class: 'hint', id: `${id}-hint`, text: spec.hint }) : null;
  const error = h('p', { class: 'error', id: `${id}-error`, 'data-error-for': path });
  const describedBy = [hint && `${id}-hint`, `${id}-error`].filter(Boolean).join(' ');
  const input = inputFor(spec, value, path, describedBy);
  if (spec.kind === 'bool') {
    return h('div', { class: 'field field-check', 'data-field': path },
      input, h('label', { for: id, text: spec.label }), hint, error);
  }
  const wide = ['longtext', 'lines', 'map', 'json'].includes(spec.kind) ? ' field-wide' : '';
  return h('div', { class: `field${wide}`, 'data-field': path },
    h('label', { for: id, text: spec.label }), input, hint, error);
}

/** The text of an item's heading: its number and its naming fields ("Job 2: PM · Acme"). */
export function itemTitle(spec, item, index) {
  const noun = spec.noun.charAt(0).toUpperCase() + spec.noun.slice(1);
  const names = (spec.titleKeys || []).map((key) => item && item[key]).filter(Boolean);
  return names.length ? `${noun} ${index + 1}: ${names.join(' · ')}` : `${noun} ${index + 1}`;
}
