// "Your photo": use the photo found in the CV file, upload one, or remove it. The server checks,
// strips and resizes the image and points the document at it (a new revision).
import { announce, api } from './api.js';

const OWN_PHOTO = /^\/api\/v1\/cvs\/[^/?#]+\/photo\?v=[0-9a-f]{12}$/;

export class PhotoPanel {
  /** options: root, state {url, found}, baseUrl, link (the document's photo value), beforeChange(), onChange(state). */
  constructor(options) {
    Object.assign(this, options);
    const q = (name) => this.root.querySelector(`[data-photo-${name}]`);
    this.preview = q('preview');
    this.none = q('none');
    this.found = q('found');
    this.use = q('use');
    this.file = q('file');
    this.remove = q('remove');
    this.status = q('status');
    this.external = q('external');
    this.use.addEventListener('click', () => this.change('POST', `${this.baseUrl}/found`, 'The photo from your CV is now on your site.'));
    this.remove.addEventListener('click', () => this.change('DELETE', this.baseUrl, 'Photo removed.'));
    this.file.addEventListener('change', () => this.upload());
    this.show();
  }

  show() {
    const { url, found } = this.state;
    this.preview.hidden = !url;
    if (url) this.preview.src = url;
    this.none.hidden = !!url;
    this.remove.hidden = !url;
    this.found.hidden = !found || !!url;
    if (found && !this.found.querySelector('img').getAttribute('src')) {
      this.found.querySelector('img').src = `${this.baseUrl}/found`;
    }
    // A link to a photo elsewhere is kept in the document but never loaded by the site.
    const link = this.link && !OWN_PHOTO.test(this.link) && !url;
    this.external.hidden = !link;
    if (link) this.external.querySelector('code').textContent = this.link;
  }

  async upload() {
    const [picked] = this.file.files;
    if (!picked) return;
    const body = new FormData();
    body.append('file', picked);
    await this.change('PUT', this.baseUrl, 'Your photo is on your site.', body);
    this.file.value = '';
  }

  async change(method, url, done, body) {
    this.status.textContent = method === 'PUT' ? 'Checking your photo…' : 'Saving…';
    try {
      await this.beforeChange();
      const answer = await api(method, url, body);
      this.state = answer.photo;
      this.link = answer.photo.url;
      this.onChange(answer);
      this.show();
      announce(this.status, done);
    } catch (err) {
      announce(this.status, err.message);
    }
  }
}
