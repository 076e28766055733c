// The original beside the fields: page images (PDF pages, photos) or numbered lines (text
// formats). Selecting a field highlights where its value was read; clicking a highlighted box or
// line goes to the field it went to.
import { api } from './api.js';
import { h } from './editor-fields.js';

/** Provenance paths that belong to a field: the path itself and the values inside it. */
function within(path, key) {
  return key === path || key.startsWith(`${path}[`) || key.startsWith(`${path}.`);
}

export class SourcePanel {
  /** options: root (the panel), toggle (its show/hide button), provenance, pagesUrl, onPick(path). */
  constructor({ root, toggle, provenance, pagesUrl, onPick }) {
    Object.assign(this, { root, toggle, provenance: provenance || {}, pagesUrl, onPick });
    this.body = root.querySelector('[data-source-body]');
    this.status = root.querySelector('[data-source-status]');
    this.marks = new Map(); // provenance path -> its box or line elements
    this.toggle.addEventListener('click', () => this.show(this.root.hidden));
    // Side by side where there is room; phones get the toggle and start with the form.
    this.show(window.matchMedia('(min-width: 72rem)').matches);
    this.root.addEventListener('click', (event) => {
      const mark = event.target.closest('[data-source-path]');
      if (mark) this.onPick(mark.dataset.sourcePath);
    });
  }

  show(open) {
    this.root.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    this.toggle.textContent = open ? 'Hide the original' : 'Show the original';
    document.body.classList.toggle('source-open', open);
  }

  async load() {
    try {
      const found = await api('GET', this.pagesUrl);
      if (found.kind === 'text') this.drawLines(found.lines);
      else this.drawPages(found.pages);
      this.status.textContent = 'Select a field to see where it was read; select a marked spot to go to its field.';
    } catch (err) {
      this.status.textContent = `Your original cannot be shown here: ${err.message}`;
    }
  }

  remember(path, node) {
    if (!this.marks.has(path)) this.marks.set(path, []);
    this.marks.get(path).push(node);
  }

  drawPages(pages) {
    const boxes = new Map(pages.map((p) => [p.number, []]));
    for (const [path, where] of Object.entries(this.provenance)) {
      if (where.box && boxes.has(where.page)) boxes.get(where.page).push([path, where.box]);
    }
    this.body.replaceChildren(...pages.map((page) => {
      const layer = h('div', { class: 'page-boxes' });
      for (const [path, [x0, y0, x1, y1]] of boxes.get(page.number)) {
        const pct = (value, whole) => `${((value / whole) * 100).toFixed(3)}%`;
        const box = h('div', { class: 'src-box', 'data-source-path': path, title: path });
        box.style.left = pct(x0, page.width);
        box.style.top = pct(y0, page.height);
        box.style.width = pct(x1 - x0, page.width);
        box.style.height = pct(y1 - y0, page.height);
        layer.append(box);
        this.remember(path, box);
      }
      return h('figure', { class: 'source-page', 'data-page': page.number },
        h('div', { class: 'page-frame' },
          h('img', { src: page.url, alt: `Page ${page.number} of your uploaded CV`,
            width: Math.round(page.width), height: Math.round(page.height), loading: 'lazy' }),
          layer),
        h('figcaption', { text: `Page ${page.number} of ${pages.length}` }));
    }));
  }

  drawLines(lines) {
    const byLine = new Map();
    for (const [path, where] of Object.entries(this.provenance)) {
      if (where.line && !byLine.has(where.line)) byLine.set(where.line, path);
    }
    this.body.replaceChildren(h('ol', { class: 'source-lines' }, lines.map((text, i) => {
      const path = byLine.get(i + 1);
      const item = h('li', { class: path ? 'src-line has-source' : 'src-line', 'data-line': i + 1,
        'data-source-path': path || null, text: text || ' ' });
      for (const [key, where] of Object.entries(this.provenance)) {
        if (where.line === i + 1) this.remember(key, item);
      }
      return item;
    })));
  }

  /** Highlight where the field at `path` was read; says so when it was not found. */
  select(path) {
    for (const node of this.root.querySelectorAll('.is-selected')) node.classList.remove('is-selected');
    const found = [...this.marks.entries()].filter(([key]) => within(path, key)).flatMap(([, nodes]) => nodes);
    found.forEach((node) => node.classList.add('is-selected'));
    if (found.length && !this.root.hidden) found[0].scrollIntoView({ block: 'nearest' });
    return found.length;
  }
}
