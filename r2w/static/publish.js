// The publish panel: address, publish, unpublish, roll back, copy link; sign-up and billing prompts.
import { announce, api } from './api.js';

/** A field path as a person reads it: "experience.experienceItems[1].jobTitle" -> "Job title (experience 2)". */
export function fieldName(path) {
  const parts = path.split('.');
  const last = parts[parts.length - 1].replace(/\[\d+\]$/, '');
  const words = last.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const name = words.charAt(0).toUpperCase() + words.slice(1);
  const item = path.match(/^([a-z]+)\.[A-Za-z]+\[(\d+)\]\./);
  return item ? `${name} (${item[1]} ${Number(item[2]) + 1})` : name;
}

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

  // Publishing while the review still has open flags asks once, naming them.
  let flagsConfirmed = false;
  async function openFlags() {
    try {
      const review = await api('GET', `/api/v1/cvs/${page.cvId}/review`);
      // Unplaced text is never published, so its flags need no answer here.
      return review.flags.filter((f) => f.status === 'open' && f.path !== 'unclassified_text');
    } catch (err) {
      return []; // the review is advice: it never stands in the way of publishing
    }
  }

  async function confirmFlags() {
    if (flagsConfirmed) return true;
    const flags = await openFlags();
    flagsConfirmed = true;
    if (!flags.length) return true;
    const box = el('flags-confirm');
    el('flags-list').replaceChildren(...flags.map((flag) => {
      const item = document.createElement('li');
      item.textContent = `${fieldName(flag.path)}: ${flag.reason}`;
      return item;
    }));
    box.hidden = false;
    box.focus();
    return false;
  }

  el('publish-anyway').addEventListener('click', () => {
    el('flags-confirm').hidden = true;
    publishButton.click();
  });

  publishButton.addEventListener('click', async () => {
    if (page.signedIn && !(await confirmFlags())) return;
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
