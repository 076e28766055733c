// The CV editor: every section and field of the document, item lists by keyboard, autosave.
import { announce, pageData } from './api.js';
import { Autosaver } from './editor-save.js';
import { getAt, h, idFor, itemTitle, readValue, setAt } from './editor-fields.js';
import { PhotoPanel } from './editor-photo.js';
import { SourcePanel } from './editor-source.js';
import { assign, pieces, removePiece } from './editor-unplaced.js';
import { EditorView } from './editor-view.js';

const page = pageData();
const { document: doc, revision } = pageData('document-data');
const form = document.querySelector('[data-editor]');
const nav = document.querySelector('[data-section-nav]');
const saveState = document.querySelector('[data-save-state]');
const liveRegion = document.querySelector('[data-announce]');
const view = new EditorView({
  doc, form, nav, summary: document.querySelector('[data-error-summary]'),
  schema: page.schema, cvId: page.cvId, unsupportedPaths: page.unsupportedPaths,
  reviewFlags: page.reviewFlags, dismissUrl: page.dismissUrl,
});
let undo = null;

// ---- saving ---------------------------------------------------------------------------------

const STATES = {
  pending: 'Unsaved changes…',
  saving: 'Saving…',
  saved: 'All changes saved',
  rebuilding: 'All changes saved · updating your site preview',
  'rebuild-failed': 'All changes saved · the preview could not be updated',
  invalid: 'Not saved: some fields need a fix',
  conflict: 'Not saved: this CV was changed elsewhere',
  error: 'Not saved yet, retrying…',
};

function showState(state, detail) {
  let text = STATES[state];
  if (state === 'saved' || state === 'rebuilding') {
    text += ` · ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
  }
  if (state === 'invalid' && detail) text = `Not saved: ${detail} field${detail === 1 ? '' : 's'} need a fix`;
  saveState.textContent = text;
  saveState.dataset.state = state;
  if (state === 'conflict') {
    const banner = document.querySelector('[data-conflict]');
    banner.hidden = false;
    banner.querySelector('[data-reload]').focus();
  }
}

const saver = new Autosaver({
  delay: page.autosaveMs || 1000,
  url: page.documentUrl,
  revision,
  getDocument: () => doc,
  rebuildUrl: page.portfolioId ? `/api/v1/portfolios/${page.portfolioId}/builds` : null,
  onInvalid: (errors) => view.showErrors(errors),
  onState: showState,
});

// ---- editing --------------------------------------------------------------------------------

function onInput(event) {
  const input = event.target.closest('[data-path]');
  if (!input) return;
  const error = form.querySelector(`[data-error-for="${CSS.escape(input.dataset.path)}"]`);
  try {
    setAt(doc, input.dataset.path, readValue(input));
    if (error && input.dataset.kind === 'json') error.textContent = '';
  } catch (err) {
    error.textContent = err.message;
    input.setAttribute('aria-invalid', 'true');
    return;
  }
  view.resolveFlags(input.closest('[data-field]'));
  const unmatched = input.closest('[data-field]').querySelector('.unmatched');
  if (unmatched) unmatched.remove(); // the person has looked at it
  const item = input.closest('[data-item]');
  if (item) {
    const [, list, index] = item.dataset.item.match(/^(.*)\[(\d+)\]$/);
    item.querySelector('.item-title').textContent = itemTitle(
      view.listSpecs.get(list), getAt(doc, item.dataset.item), Number(index));
  }
  saver.changed();
}

// Focus moves at once (not on a later frame) so that a quick second key press acts on the
// element the person now sees focused.
function focusOn(selector) {
  const node = form.querySelector(selector);
  if (node) node.focus();
}

const toggleOf = (itemPath) => `[data-item="${CSS.escape(itemPath)}"] .item-toggle`;
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);

function addItem(path) {
  if (!getAt(doc, path)) setAt(doc, path, []);
  const items = getAt(doc, path);
  items.push({});
  view.rerenderList(path, items.length - 1);
  const body = form.querySelector(`#${idFor(`${path}[${items.length - 1}]`)}-body`);
  const first = body.querySelector('[data-path]');
  if (first) first.focus();
  announce(liveRegion, `${capital(view.listSpecs.get(path).noun)} ${items.length} added`);
  saver.changed();
}

function moveItem(path, index, step, button) {
  const items = getAt(doc, path);
  const target = index + step;
  if (button.getAttribute('aria-disabled') === 'true' || target < 0 || target >= items.length) return;
  [items[index], items[target]] = [items[target], items[index]];
  view.remapOpened(path, (i) => (i === index ? target : i === target ? index : i));
  view.rerenderList(path);
  const action = step < 0 ? 'up' : 'down';
  focusOn(`[data-list="${CSS.escape(path)}"][data-index="${target}"][data-action="${action}"]`);
  const noun = capital(view.listSpecs.get(path).noun);
  announce(liveRegion, `${noun} moved to position ${target + 1} of ${items.length}`);
  saver.changed();
}

function removeItem(path, index) {
  const items = getAt(doc, path);
  const [removed] = items.splice(index, 1);
  view.remapOpened(path, (i) => (i === index ? -1 : i > index ? i - 1 : i));
  undo = { path, index, removed };
  view.rerenderList(path);
  const next = Math.min(index, items.length - 1);
  focusOn(next >= 0 ? toggleOf(`${path}[${next}]`) : `[data-action="add"][data-list="${CSS.escape(path)}"]`);
  showUndo(`${capital(view.listSpecs.get(path).noun)} removed.`);
  saver.changed();
}

function restoreRemoved(toast) {
  if (!undo) return;
  const { path, index, removed } = undo;
  getAt(doc, path).splice(index, 0, removed);
  view.remapOpened(path, (i) => (i >= index ? i + 1 : i));
  view.rerenderList(path, index);
  focusOn(toggleOf(`${path}[${index}]`));
  undo = null;
  toast.hidden = true;
  saver.changed();
}

function showUndo(message) {
  const toast = document.querySelector('[data-toast]') || document.body.appendChild(
    h('div', { class: 'toast', 'data-toast': true, role: 'status' }));
  const button = h('button', { type: 'button', class: 'link', text: 'Undo' });
  button.addEventListener('click', () => restoreRemoved(toast));
  toast.replaceChildren(h('span', { text: `${message} ` }), button);
  toast.hidden = false;
  clearTimeout(showUndo.timer);
  showUndo.timer = setTimeout(() => { toast.hidden = true; undo = null; }, 10000);
}

// ---- the original, flags and unplaced text ---------------------------------------------------

/** Unfold, show and focus the input of the field at path (from a flag or the original). */
function goToField(path) {
  const field = view.fieldFor(path);
  if (!field) return;
  view.reveal(field);
  const input = field.matches('[data-path]') ? field : field.querySelector('[data-path]');
  (input || field.querySelector('button') || field).focus();
  field.scrollIntoView({ block: 'center' });
}

const source = document.querySelector('[data-source]') && new SourcePanel({
  root: document.querySelector('[data-source]'),
  toggle: document.querySelector('[data-source-toggle]'),
  provenance: page.provenance,
  pagesUrl: page.pagesUrl,
  onPick: goToField,
});

const nextButton = document.querySelector('[data-next-flag]');
function showChecks() {
  const n = view.pendingChecks().length;
  nextButton.textContent = n ? `Next detail to check (${n} left)` : 'Nothing left to check';
  nextButton.disabled = n === 0;
}
view.onFlags = showChecks;

/** Walk the flagged fields and unplaced pieces: the next one after the focused element. */
function nextCheck() {
  const checks = view.pendingChecks();
  if (!checks.length) return;
  const here = document.activeElement;
  const after = checks.find((node) => here && !node.contains(here)
    && (here.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING));
  const target = after || checks[0];
  view.reveal(target);
  const input = target.querySelector('[data-path], select');
  // An empty list has no input yet: its "Add" button takes the focus.
  (input || target.querySelector('button') || target).focus();
  target.scrollIntoView({ block: 'center' });
  const note = target.querySelector('.review-flag span, .hint');
  announce(liveRegion, note ? note.textContent : 'Text we could not place');
}

function onUnplaced(button) {
  const index = Number(button.dataset.index);
  const piece = pieces(doc.unclassified_text)[index];
  let placed = null;
  let where = '';
  if (button.dataset.unplaced === 'assign') {
    const select = form.querySelector(`[data-unplaced-target="${index}"]`);
    where = select.selectedOptions[0].textContent;
    placed = assign(doc, piece, select.value);
  }
  removePiece(doc, index);
  if (placed) view.render();
  else view.rerenderOther();
  showChecks();
  saver.changed();
  if (placed) {
    goToField(placed);
    announce(liveRegion, `Added to ${where}.`);
  } else {
    const next = form.querySelector(`[data-piece="${Math.min(index, pieces(doc.unclassified_text).length - 1)}"] select`);
    (next || nextButton).focus();
    announce(liveRegion, 'Dismissed.');
  }
}

function onClick(event) {
  const unplaced = event.target.closest('[data-unplaced]');
  if (unplaced) { onUnplaced(unplaced); return; }
  const button = event.target.closest('[data-action]');
  if (!button) return;
  const { action, list } = button.dataset;
  const index = Number(button.dataset.index);
  if (action === 'add') addItem(list);
  else if (action === 'up') moveItem(list, index, -1, button);
  else if (action === 'down') moveItem(list, index, 1, button);
  else if (action === 'remove') removeItem(list, index);
  else if (action.startsWith('toggle')) view.toggle(button);
}

function onNavigate(event) {
  const link = event.target.closest('a');
  if (!link) return;
  const section = document.querySelector(link.getAttribute('href'));
  const toggle = section.querySelector('.section-toggle');
  if (toggle && toggle.getAttribute('aria-expanded') === 'false') view.toggle(toggle);
  // After the browser's own jump to the anchor, put the keyboard focus there too.
  requestAnimationFrame(() => (toggle || section.querySelector('[data-path]')).focus({ preventScroll: true }));
}

form.addEventListener('input', onInput);
form.addEventListener('change', onInput);
form.addEventListener('click', onClick);
form.addEventListener('submit', (event) => { event.preventDefault(); saver.flush(); });
nav.addEventListener('click', onNavigate);
form.addEventListener('focusin', (event) => {
  const input = event.target.closest('[data-path]');
  if (input && source) source.select(input.dataset.path);
});
nextButton.addEventListener('click', nextCheck);
document.querySelector('[data-reload]').addEventListener('click', () => window.location.reload());
window.addEventListener('beforeunload', (event) => {
  if (saver.busy && !saver.blocked) event.preventDefault();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') saver.flush({ keepalive: true });
});

const photoRoot = document.querySelector('[data-photo]');
if (photoRoot) {
  new PhotoPanel({
    root: photoRoot,
    state: page.photo,
    baseUrl: page.photoUrl,
    link: doc.hero && doc.hero.profilePhotoUrl,
    // Unsaved edits go first, so the photo's new revision never conflicts with them.
    beforeChange: () => saver.flush(),
    onChange: (answer) => {
      saver.revision = answer.revision;
      setAt(doc, 'hero.profilePhotoUrl', answer.photo.url);
      const input = form.querySelector('[data-path="hero.profilePhotoUrl"]');
      if (input) input.value = answer.photo.url || '';
      saver.scheduleRebuild();
    },
  });
}

view.render();
showChecks();
if (source) source.load();
