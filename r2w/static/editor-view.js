// Drawing the editor: sections, groups and item lists from the field description, the section
// navigation, folded and opened state, and messages placed next to the fields they are about.
import { api } from './api.js';
import { getAt, h, idFor, itemTitle, renderInput } from './editor-fields.js';
import { pieces, unplacedSection } from './editor-unplaced.js';

const ADVANCED_SUMMARY = 'Display options and other facts';

function hasContent(value) {
  if (value == null || value === '' || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value).some(hasContent);
  return true;
}

/** A set of keys kept in this browser's localStorage (what is folded or opened, per CV). */
class StoredSet {
  constructor(key) {
    this.key = key;
    this.items = new Set(JSON.parse(localStorage.getItem(key) || '[]'));
  }

  has(item) { return this.items.has(item); }

  set(item, present) {
    if (present) this.items.add(item); else this.items.delete(item);
    this.save();
  }

  save() { localStorage.setItem(this.key, JSON.stringify([...this.items])); }
}

export class EditorView {
  constructor({ doc, form, nav, summary, schema, cvId, unsupportedPaths, reviewFlags, dismissUrl }) {
    Object.assign(this, { doc, form, nav, summary, schema, unsupportedPaths: unsupportedPaths || [] });
    Object.assign(this, { reviewFlags: reviewFlags || [], dismissUrl, onFlags: () => {} });
    this.listSpecs = new Map(); // path of an item list -> its field description
    this.collapsed = new StoredSet(`r2w:collapsed:${cvId}`); // sections folded away
    this.opened = new StoredSet(`r2w:open:${cvId}`); // items unfolded
  }

  // ---- drawing ----

  fields(fields, value, base) {
    const own = fields.filter((f) => !f.advanced).map((f) => this.field(f, value, base));
    const advanced = fields.filter((f) => f.advanced);
    if (!advanced.length) return own;
    return [...own, h('details', { class: 'advanced' }, h('summary', { text: ADVANCED_SUMMARY }),
      h('div', { class: 'field-grid' }, advanced.map((f) => this.field(f, value, base))))];
  }

  field(spec, parent, base) {
    const path = base ? `${base}.${spec.key}` : spec.key;
    const value = parent == null ? undefined : parent[spec.key];
    if (spec.kind === 'group') {
      return h('fieldset', { class: 'group', 'data-field': path }, h('legend', { text: spec.label }),
        h('div', { class: 'field-grid' }, this.fields(spec.fields, value, path)));
    }
    if (spec.kind === 'items') return this.list(spec, path, value || []);
    return renderInput(spec, value, path);
  }

  item(spec, path, item, index, total, forceOpen) {
    const itemPath = `${path}[${index}]`;
    const id = idFor(itemPath);
    const tool = (action, label, extra = {}) => h('button', {
      type: 'button', class: `icon-button ${action}`, 'data-action': action, 'data-list': path,
      'data-index': index, 'aria-label': `${label} ${spec.noun} ${index + 1}`, ...extra,
    }, h('span', { 'aria-hidden': 'true', text: { up: '↑', down: '↓', remove: '✕' }[action] }));
    const open = forceOpen || this.opened.has(itemPath) || total === 1;
    return h('li', { class: 'item', 'data-item': itemPath },
      h('div', { class: 'item-head' },
        h('button', { type: 'button', class: 'item-toggle', 'aria-expanded': String(open),
          'aria-controls': `${id}-body`, 'data-action': 'toggle-item' },
        h('span', { class: 'chevron', 'aria-hidden': 'true' }),
        h('span', { class: 'item-title', text: itemTitle(spec, item, index) })),
        h('div', { class: 'item-tools' },
          tool('up', 'Move up', { 'aria-disabled': index === 0 ? 'true' : null }),
          tool('down', 'Move down', { 'aria-disabled': index === total - 1 ? 'true' : null }),
          tool('remove', 'Remove'))),
      h('div', { class: 'item-body field-grid', id: `${id}-body`, hidden: !open },
        this.fields(spec.fields, item, itemPath)));
  }

  list(spec, path, items, openIndex = -1) {
    this.listSpecs.set(path, spec);
    const article = /^[aeiou]/.test(spec.noun) ? 'an' : 'a';
    return h('div', { class: 'items', 'data-items': path, 'data-field': path },
      h('h3', { class: 'items-title', text: spec.label }),
      items.length ? null : h('p', { class: 'empty', text: `No ${spec.label.toLowerCase()} yet.` }),
      h('ol', { class: 'item-list' },
        items.map((item, i) => this.item(spec, path, item, i, items.length, i === openIndex))),
      h('button', { type: 'button', class: 'button secondary small add-item', 'data-action': 'add', 'data-list': path },
        h('span', { 'aria-hidden': 'true', text: '+ ' }), `Add ${article} ${spec.noun}`));
  }

  section(section) {
    const id = `sec-${section.key}`;
    const open = !this.collapsed.has(section.key);
    return h('section', { class: 'ed-section', id, 'aria-labelledby': `${id}-title` },
      h('h2', { class: 'ed-section-title', id: `${id}-title` },
        h('button', { type: 'button', class: 'section-toggle', 'aria-expanded': String(open),
          'aria-controls': `${id}-body`, 'data-action': 'toggle-section', 'data-section': section.key },
        h('span', { class: 'chevron', 'aria-hidden': 'true' }), section.title)),
      h('div', { class: 'ed-section-body field-grid', id: `${id}-body`, hidden: !open },
        this.fields(section.fields, this.doc[section.key], section.key)));
  }

  other() {
    return unplacedSection(this.doc, this.reviewFlags);
  }

  /** Draw the unplaced text again after a piece was assigned or dismissed. */
  rerenderOther() {
    this.form.querySelector('#sec-other').replaceWith(this.other());
    this.renderNav();
  }

  render() {
    this.form.replaceChildren(...this.schema.sections.map((s) => this.section(s)), this.other());
    this.renderNav();
    this.markUnsupported();
    this.markFlags();
  }

  /** Draw one item list again after a structural change (optionally with one item open). */
  rerenderList(path, openIndex = -1) {
    const old = this.form.querySelector(`[data-items="${CSS.escape(path)}"]`);
    old.replaceWith(this.list(this.listSpecs.get(path), path, getAt(this.doc, path) || [], openIndex));
    this.renderNav();
    // The list's own flags (a link that was not read) stay shown until the server resolves them.
    this.markFlags();
    if (this.onFlags) this.onFlags();
  }

  // ---- section navigation ----

  count(section) {
    if (section.key === 'other') return String(pieces(this.doc.unclassified_text).length || 'empty');
    const lists = section.fields.filter((f) => f.kind === 'items');
    const n = lists.reduce((sum, f) => sum + (getAt(this.doc, `${section.key}.${f.key}`) || []).length, 0);
    if (n) return String(n);
    return hasContent(this.doc[section.key]) ? 'filled' : 'empty';
  }

  renderNav() {
    const all = [...this.schema.sections, { key: 'other', title: 'Text we could not place' }];
    this.nav.replaceChildren(...all.map((section) => {
      const count = this.count(section);
      const shown = { filled: '✓', empty: '–' }[count] || count;
      const spoken = { filled: 'filled in', empty: 'empty' }[count] || `${count} items`;
      return h('li', {}, h('a', { href: `#sec-${section.key}`, class: count === 'empty' ? 'is-empty' : null },
        h('span', { text: section.title }),
        h('span', { class: 'nav-count', 'aria-hidden': 'true', text: shown }),
        h('span', { class: 'visually-hidden', text: ` (${spoken})` })));
    }));
  }

  // ---- folding ----

  toggle(button) {
    const body = document.getElementById(button.getAttribute('aria-controls'));
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    body.hidden = !open;
    const item = button.closest('[data-item]');
    if (item) this.opened.set(item.dataset.item, open);
    else this.collapsed.set(button.dataset.section, !open);
  }

  /** Keep items open across a move or removal: map each open index of the list to its new one. */
  remapOpened(path, newIndex) {
    const prefix = `${path}[`;
    const moved = [];
    for (const key of [...this.opened.items]) {
      const match = key.startsWith(prefix) && key.slice(prefix.length).match(/^(\d+)\]$/);
      if (!match) continue;
      this.opened.items.delete(key);
      const index = newIndex(Number(match[1]));
      if (index >= 0) moved.push(`${prefix}${index}]`);
    }
    moved.forEach((key) => this.opened.items.add(key));
    this.opened.save();
  }

  /** Unfold everything around a node so that it can be seen. */
  reveal(node) {
    for (let el = node; el && el !== this.form; el = el.parentElement) {
      if (el.hidden && /item-body|ed-section-body/.test(el.className)) {
        el.hidden = false;
        const toggle = this.form.querySelector(`[aria-controls="${el.id}"]`);
        if (toggle) toggle.setAttribute('aria-expanded', 'true');
      }
      if (el.tagName === 'DETAILS') el.open = true;
    }
  }

  // ---- messages ----

  /** The closest field on the page for a path from the server ("…[2]" inside a list field too). */
  fieldFor(path) {
    let p = path;
    while (p) {
      const found = this.form.querySelector(`[data-field="${CSS.escape(p)}"]`);
      if (found) return found;
      const shorter = p.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
      if (shorter === p) break;
      p = shorter;
    }
    return null;
  }

  /** Show the server's validation errors beside their fields; the rest in a summary. */
  showErrors(errors) {
    for (const node of this.form.querySelectorAll('[aria-invalid="true"]')) node.removeAttribute('aria-invalid');
    for (const node of this.form.querySelectorAll('[data-error-for]')) node.textContent = '';
    const unplaced = [];
    for (const error of errors) {
      const field = this.fieldFor(error.path);
      const line = field && field.querySelector('[data-error-for]');
      if (!line) { unplaced.push(error); continue; }
      line.textContent = line.textContent ? `${line.textContent} ${error.message}` : error.message;
      const input = field.querySelector('[data-path]');
      if (input) input.setAttribute('aria-invalid', 'true');
      this.reveal(field);
    }
    this.summary.hidden = !unplaced.length;
    this.summary.replaceChildren(...(unplaced.length ? [h('p', { text: 'Some values could not be saved:' }),
      h('ul', {}, unplaced.map((e) => h('li', { text: `${e.path || 'document'}: ${e.message}` })))] : []));
  }

  /** Show why the review thinks a value may be wrong, with a way to keep it as it is. */
  markFlags() {
    for (const flag of this.reviewFlags) {
      if (flag.path === 'unclassified_text') continue; // listed piece by piece instead
      const field = this.fieldFor(flag.path);
      const key = `${flag.path}|${flag.code}`;
      if (!field || field.querySelector(`[data-flag="${CSS.escape(key)}"]`)) continue;
      const keep = h('button', { type: 'button', class: 'keep-flag', text: 'Keep as is' });
      const note = h('small', { class: 'unmatched review-flag', 'data-flag': key },
        h('span', { text: flag.reason }), ' ', keep);
      keep.addEventListener('click', async () => {
        keep.disabled = true;
        try {
          await api('POST', this.dismissUrl, { path: flag.path, code: flag.code });
          this.reviewFlags = this.reviewFlags.filter((f) => f !== flag);
          note.remove();
          // The button is gone: the focus goes back to the field that was kept.
          const input = field.querySelector('[data-path]');
          if (input) input.focus();
          this.onFlags();
        } catch (err) {
          keep.disabled = false;
        }
      });
      const line = field.querySelector('[data-error-for]');
      if (line) line.before(note);
      else field.append(note);
    }
  }

  /** The fields and unplaced pieces still to check, in page order. */
  pendingChecks() {
    const nodes = [...this.form.querySelectorAll('.review-flag, .unplaced')]
      .map((node) => node.closest('.unplaced, [data-field]'));
    return [...new Set(nodes)];
  }

  /** A flagged field was edited: its flags are resolved (the server agrees on its next read). */
  resolveFlags(field) {
    const notes = [...field.querySelectorAll('.review-flag')].filter((n) => n.closest('[data-field]') === field);
    if (!notes.length) return;
    const keys = new Set([...notes].map((n) => n.dataset.flag));
    this.reviewFlags = this.reviewFlags.filter((f) => !keys.has(`${f.path}|${f.code}`));
    notes.forEach((n) => n.remove());
    this.onFlags();
  }

  /** Flag values the extraction could not find word for word in the uploaded file. */
  markUnsupported() {
    for (const path of this.unsupportedPaths) {
      const field = this.fieldFor(path);
      if (!field || field.querySelector('.unmatched')) continue;
      const line = field.querySelector('[data-error-for]');
      if (line) line.before(h('small', { class: 'unmatched', text: 'Not found word for word in your file. Please check it.' }));
    }
  }
}
