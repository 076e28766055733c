// Theme picker with a live preview (desktop and phone), and publish / unpublish / roll back.
import { announce, api, pageData } from './api.js';
import { setupPublishing } from './publish.js';

const POLL_MS = 1500;
const page = pageData();
const root = document.querySelector('[data-site-page]');
const el = (name) => root.querySelector(`[data-${name}]`);
const frame = el('preview-frame');
const buildStatus = el('build-status');
let portfolio = page.portfolio;
let pollTimer = null;
let shownBuild = null;

const BUILD_TEXT = {
  queued: 'Waiting for a free builder…',
  running: 'Building your site…',
  succeeded: 'Preview up to date.',
  failed: 'The build failed.',
};

function showBuild(build) {
  const building = build.status === 'queued' || build.status === 'running';
  root.classList.toggle('is-building', building);
  let text = BUILD_TEXT[build.status] || build.status;
  if (build.status === 'failed' && build.error) text = `The build failed: ${build.error}`;
  if (buildStatus.dataset.last !== text) {
    buildStatus.dataset.last = text;
    announce(buildStatus, text);
  }
  if (build.status === 'succeeded' && build.previewUrl && shownBuild !== build.id) {
    shownBuild = build.id;
    frame.src = build.previewUrl;
    frame.hidden = false;
    el('preview-empty').hidden = true;
    const open = el('open-preview');
    open.href = build.previewUrl;
    open.hidden = false;
  }
  if (build.status === 'failed') showRetry();
  publishing.update(portfolio, build);
}

function showRetry() {
  if (buildStatus.querySelector('button')) return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'link';
  button.textContent = 'Try building again';
  button.addEventListener('click', async () => {
    try {
      portfolio = await api('POST', `/api/v1/portfolios/${portfolio.id}/builds`);
      follow();
    } catch (err) {
      announce(buildStatus, err.message);
    }
  });
  setTimeout(() => buildStatus.append(' ', button), 60);
}

async function poll() {
  clearTimeout(pollTimer);
  const latest = portfolio && portfolio.latestBuild;
  if (!latest) return;
  try {
    const build = await api('GET', `/api/v1/builds/${latest.id}`);
    if (portfolio.latestBuild.id !== build.id) return; // a newer build took over
    portfolio.latestBuild = build;
    showBuild(build);
    if (build.status === 'queued' || build.status === 'running') pollTimer = setTimeout(poll, POLL_MS);
  } catch (err) {
    pollTimer = setTimeout(poll, POLL_MS * 2);
  }
}

function follow() {
  if (!portfolio.latestBuild) return;
  showBuild(portfolio.latestBuild);
  poll();
}

// Arrow keys move through the radio group one theme at a time: wait for a short pause, and
// send one request at a time, so only the theme the person settles on is built.
const THEME_PAUSE_MS = 350;
let wantedTheme = null;
let themeTimer = null;
let themeBusy = false;

function chooseTheme(theme) {
  wantedTheme = theme;
  clearTimeout(themeTimer);
  themeTimer = setTimeout(applyTheme, THEME_PAUSE_MS);
}

async function applyTheme() {
  if (themeBusy || !wantedTheme) return;
  const theme = wantedTheme;
  wantedTheme = null;
  themeBusy = true;
  announce(buildStatus, 'Building your site…');
  try {
    if (!portfolio) {
      portfolio = await api('POST', '/api/v1/portfolios', { cvId: page.cvId, theme });
      history.replaceState(null, '', `/portfolios/${portfolio.id}`);
      sectionPicker.disabled = false;
    } else {
      portfolio = await api('PATCH', `/api/v1/portfolios/${portfolio.id}`, { theme });
    }
    follow();
  } catch (err) {
    announce(buildStatus, err.message);
  } finally {
    themeBusy = false;
    if (wantedTheme) applyTheme();
  }
}

// Sections on the site: wait for a short pause so several ticks make one rebuild.
const sectionPicker = el('section-picker');
let sectionsTimer = null;

async function applySections() {
  if (!portfolio) return;
  const hiddenSections = [...sectionPicker.querySelectorAll('input[name="section"]')]
    .filter((box) => !box.checked).map((box) => box.value);
  announce(buildStatus, 'Building your site…');
  try {
    portfolio = await api('PATCH', `/api/v1/portfolios/${portfolio.id}`, { hiddenSections });
    follow();
  } catch (err) {
    announce(buildStatus, err.message);
  }
}

sectionPicker.addEventListener('change', () => {
  clearTimeout(sectionsTimer);
  sectionsTimer = setTimeout(applySections, THEME_PAUSE_MS);
});

function setDevice(mode) {
  el('stage').dataset.deviceMode = mode;
  for (const button of root.querySelectorAll('[data-device]')) {
    button.setAttribute('aria-pressed', String(button.dataset.device === mode));
  }
}

root.querySelectorAll('input[name="theme"]').forEach((radio) => {
  radio.addEventListener('change', () => { if (radio.checked) chooseTheme(radio.value); });
});
root.querySelectorAll('[data-device]').forEach((button) => {
  button.addEventListener('click', () => setDevice(button.dataset.device));
});

const publishing = setupPublishing(root, page, () => portfolio, (updated) => {
  portfolio = updated;
  follow();
});

if (portfolio) follow();
else publishing.update(null, null);
