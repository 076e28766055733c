// Autosave: debounced PUT of the whole document with its revision; one request in flight at a time.
import { api } from './api.js';

const RETRY_MS = 5000;

export class Autosaver {
  /** options: url, revision, getDocument(), onState(state, detail), onInvalid(errors), rebuildUrl, delay. */
  constructor(options) {
    Object.assign(this, { delay: 1000, ...options });
    this.timer = null;
    this.rebuildTimer = null;
    this.dirty = false;
    this.inFlight = null;
    this.blocked = false; // after a 409 nothing more is sent: the page must be reloaded
  }

  /** Note a change; save once typing pauses. */
  changed() {
    if (this.blocked) return;
    this.dirty = true;
    this.onState('pending');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delay);
  }

  get busy() {
    return this.dirty || !!this.inFlight;
  }

  /** Save now (when leaving the page, or when the debounce fires). */
  async flush(options = {}) {
    clearTimeout(this.timer);
    if (this.blocked || !this.dirty) return this.inFlight;
    if (this.inFlight) {
      await this.inFlight.catch(() => {});
      return this.flush(options);
    }
    this.dirty = false;
    this.inFlight = this.send(options);
    try {
      await this.inFlight;
    } finally {
      this.inFlight = null;
    }
    return null;
  }

  async send(options) {
    this.onState('saving');
    const body = { document: this.getDocument(), revision: this.revision };
    try {
      const saved = await api('PUT', this.url, body, options);
      this.revision = saved.revision;
      this.onInvalid([]);
      this.onState(this.dirty ? 'pending' : 'saved');
      this.scheduleRebuild();
    } catch (err) {
      this.failed(err);
    }
  }

  failed(err) {
    if (err.status === 409) {
      this.blocked = true;
      this.onState('conflict');
    } else if (err.status === 422) {
      this.onInvalid(err.body.errors || []);
      this.onState('invalid', (err.body.errors || []).length);
    } else {
      // Network or server trouble: keep the change and try again shortly.
      this.dirty = true;
      this.onState('error', err.message);
      this.timer = setTimeout(() => this.flush(), RETRY_MS);
    }
  }

  scheduleRebuild() {
    if (!this.rebuildUrl) return;
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = setTimeout(async () => {
      if (this.busy) return; // the next save schedules its own rebuild
      try {
        await api('POST', this.rebuildUrl);
        this.onState('rebuilding');
      } catch (err) {
        this.onState('rebuild-failed', err.message);
      }
    }, this.delay * 1.5);
  }
}
