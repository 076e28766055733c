// The reading-progress page: poll the CV every 2 s and show its real phase, the result or the failure.
import { api, announce, pageData } from './api.js';

const POLL_MS = 2000;
const ORDER = ['uploaded', 'reading', 'extracting', 'ready'];
const page = pageData();
const root = document.querySelector('[data-progress-page]');
const el = (name) => root.querySelector(`[data-${name}]`);
let lastStatus = null;

function drawSteps(status) {
  const current = status === 'failed' ? -1 : ORDER.indexOf(status);
  root.querySelectorAll('.step').forEach((step, i) => {
    step.classList.toggle('is-done', current >= 0 && (i < current || status === 'ready'));
    step.classList.toggle('is-current', i === current && status !== 'ready');
    if (i === current) step.setAttribute('aria-current', 'step');
    else step.removeAttribute('aria-current');
  });
  root.classList.toggle('is-failed', status === 'failed');
}

function plural(n, one, many) { return `${n} ${n === 1 ? one : many}`; }

async function describeFound(cv) {
  try {
    const { document: doc } = await api('GET', cv.links.document);
    const parts = [];
    const count = (list, one, many) => { if (list && list.length) parts.push(plural(list.length, one, many)); };
    count(doc.experience.experienceItems, 'job', 'jobs');
    count(doc.education.educationItems, 'education entry', 'education entries');
    count(doc.projects.projectItems, 'project', 'projects');
    count(doc.certifications.certificationItems, 'certification', 'certifications');
    count(doc.languages.languageItems, 'language', 'languages');
    const skills = doc.skills.skillCategories.reduce((n, c) => n + c.skills.length, 0) + doc.skills.ungroupedSkills.length;
    if (skills) parts.push(plural(skills, 'skill', 'skills'));
    const who = doc.hero.fullName ? `for ${doc.hero.fullName}` : '';
    const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
    el('found').textContent = parts.length
      ? `We found ${list} ${who}. Check them before you publish.`.replace(' .', '.')
      : 'Your CV is ready to review.';
  } catch (err) {
    el('found').textContent = 'Your CV is ready to review.';
  }
  const unsupported = (cv.extraction && cv.extraction.unsupportedPaths) || [];
  const note = el('unsupported');
  if (cv.needsReview) {
    note.textContent = `${plural(cv.needsReview, 'detail', 'details')} may need a look. They are marked in the editor with the reason.`;
    note.hidden = false;
  } else if (unsupported.length) {
    note.textContent = `${plural(unsupported.length, 'value', 'values')} could not be matched word for word to your file. They are marked in the editor so you can check them.`;
    note.hidden = false;
  }
}

function show(cv, initial = false) {
  drawSteps(cv.status);
  const changed = cv.status !== lastStatus;
  lastStatus = cv.status;
  const finished = cv.status === 'ready' || cv.status === 'failed';
  el('spinner').hidden = finished;
  document.querySelector('[data-subtitle]').hidden = finished;
  el('stepper').hidden = cv.status === 'failed';
  el('failed').hidden = cv.status !== 'failed';
  el('ready').hidden = cv.status !== 'ready';
  if (!changed) return;
  // The step label follows the phase: reading is over once the CV is ready or has failed.
  const eyebrow = { ready: 'Step 1 of 3 · Done', failed: 'Step 1 of 3 · Stopped' }[cv.status];
  if (eyebrow) document.querySelector('[data-eyebrow]').textContent = eyebrow;
  announce(el('phase'), cv.phase);
  if (cv.status === 'failed') {
    document.querySelector('[data-title]').textContent = `We could not read “${cv.originalName}”`;
    el('error').textContent = cv.error || 'The file could not be read.';
    if (!initial) el('retry').focus();
  }
  if (cv.status === 'ready') {
    document.querySelector('[data-title]').textContent = 'Your CV is ready to review';
    describeFound(cv);
    if (!initial) el('edit-link').focus();
  }
}

async function poll() {
  try {
    const cv = await api('GET', page.cv.links.self);
    show(cv);
    if (cv.status === 'ready' || cv.status === 'failed') return;
  } catch (err) {
    if (err.status === 404) { el('phase').textContent = 'This CV no longer exists.'; return; }
    // A blip in the connection: keep polling, the next answer will catch up.
  }
  setTimeout(poll, POLL_MS);
}

el('retry').addEventListener('click', async () => {
  el('action-error').textContent = '';
  try {
    show(await api('POST', `${page.cv.links.self}/retry`));
    setTimeout(poll, POLL_MS);
  } catch (err) {
    el('action-error').textContent = err.message;
  }
});

el('manual').addEventListener('click', async () => {
  el('action-error').textContent = '';
  try {
    const cv = await api('POST', page.blankUrl);
    window.location.assign(`/cvs/${cv.id}/edit`);
  } catch (err) {
    el('action-error').textContent = err.message;
  }
});

show(page.cv, true);
if (page.cv.status !== 'ready' && page.cv.status !== 'failed') setTimeout(poll, POLL_MS);
