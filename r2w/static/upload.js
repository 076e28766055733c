// The drop zone: drag and drop, a keyboard-accessible file input, JSON Resume import, blank CV.
import { ApiError, api, csrfToken } from './api.js';

function sendWithProgress(url, file, onProgress) {
  // XMLHttpRequest, not fetch: only it reports upload progress.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.open('POST', url);
    xhr.setRequestHeader('X-CSRFToken', csrfToken());
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    });
    xhr.addEventListener('load', () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = null; }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, {
      message: 'The upload did not get through. Check your connection and try again.' })));
    xhr.send(form);
  });
}

function errorText(err) {
  if (err.status === 413) return err.message || 'This file is too large.';
  if (err.status === 429) return 'Too many uploads in a short time. Wait a minute and try again.';
  return err.message;
}

class DropZone {
  constructor(root) {
    this.root = root;
    this.zone = root.querySelector('[data-dropzone]');
    this.input = root.querySelector('.file-input');
    this.jsonInput = root.querySelector('.json-input');
    this.confirmBox = root.querySelector('[data-confirm]');
    this.progress = root.querySelector('[data-progress]');
    this.status = root.querySelector('[data-status]');
    this.error = root.querySelector('[data-error]');
    this.maxBytes = Number(this.zone.dataset.maxBytes);
    this.pending = null;
    this.bind();
  }

  bind() {
    this.input.addEventListener('change', () => this.chosen(this.input.files[0], 'cv'));
    this.jsonInput.addEventListener('change', () => this.chosen(this.jsonInput.files[0], 'json'));
    this.root.querySelector('[data-blank]').addEventListener('click', () => this.chosen(null, 'blank'));
    this.root.querySelector('[data-confirm-yes]').addEventListener('click', () => this.confirm(true));
    this.root.querySelector('[data-confirm-no]').addEventListener('click', () => this.confirm(false));
    for (const type of ['dragenter', 'dragover']) {
      this.zone.addEventListener(type, (e) => { e.preventDefault(); this.zone.classList.add('is-over'); });
    }
    for (const type of ['dragleave', 'drop']) {
      this.zone.addEventListener(type, (e) => { e.preventDefault(); this.zone.classList.remove('is-over'); });
    }
    this.zone.addEventListener('drop', (e) => {
      const file = e.dataTransfer && e.dataTransfer.files[0];
      if (file) this.chosen(file, /\.json$/i.test(file.name) ? 'json' : 'cv');
    });
  }

  fail(message) {
    this.setBusy(false);
    this.status.textContent = '';
    this.error.textContent = message;
  }

  setBusy(busy) {
    this.zone.classList.toggle('is-busy', busy);
    this.progress.hidden = !busy;
    for (const control of this.root.querySelectorAll('input, button')) control.disabled = busy;
  }

  chosen(file, kind) {
    this.error.textContent = '';
    if (!file && kind !== 'blank') return;
    if (file && file.size > this.maxBytes) {
      this.fail(`“${file.name}” is larger than ${this.zone.dataset.maxMb} MB. Export your CV as a smaller PDF and try again.`);
      return;
    }
    if (this.zone.dataset.replaces) {
      this.pending = { file, kind };
      this.confirmBox.querySelector('[data-file-name]').textContent = file ? `Uploading “${file.name}”` : 'Starting a new CV';
      this.confirmBox.hidden = false;
      this.confirmBox.querySelector('[data-confirm-yes]').focus();
      return;
    }
    this.go(file, kind);
  }

  go(file, kind) {
    if (kind === 'blank') this.blank();
    else this.send(file, kind);
  }

  confirm(yes) {
    const pending = this.pending;
    this.pending = null;
    this.confirmBox.hidden = true;
    this.input.value = '';
    this.jsonInput.value = '';
    if (yes && pending) this.go(pending.file, pending.kind);
    else this.input.focus();
  }

  async send(file, kind) {
    const bar = this.progress.querySelector('progress');
    bar.value = 0;
    this.setBusy(true);
    this.status.textContent = `Uploading “${file.name}”…`;
    const url = kind === 'json' ? this.zone.dataset.importUrl : this.zone.dataset.uploadUrl;
    try {
      const cv = await sendWithProgress(url, file, (pct) => { bar.value = pct; });
      this.status.textContent = 'Uploaded. Opening your CV…';
      window.location.assign(kind === 'json' ? `/cvs/${cv.id}/edit` : `/cvs/${cv.id}`);
    } catch (err) {
      this.fail(errorText(err));
      this.input.value = '';
      this.jsonInput.value = '';
    }
  }

  async blank() {
    this.error.textContent = '';
    this.setBusy(true);
    this.status.textContent = 'Starting an empty CV…';
    try {
      const cv = await api('POST', this.zone.dataset.blankUrl);
      window.location.assign(`/cvs/${cv.id}/edit`);
    } catch (err) {
      this.fail(errorText(err));
    }
  }
}

for (const root of document.querySelectorAll('.upload-card')) new DropZone(root);
