// Dashboard: delete the account through the API once the person typed their email.
import { api } from './api.js';

const form = document.querySelector('[data-delete-account]');

if (form) {
  const input = form.querySelector('#confirm-email');
  const error = form.querySelector('[data-confirm-error]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    if (input.value.trim().toLowerCase() !== form.dataset.email.toLowerCase()) {
      error.textContent = `Type ${form.dataset.email} exactly to confirm.`;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    button.textContent = 'Deleting…';
    try {
      await api('DELETE', form.dataset.apiUrl, { confirm: input.value });
      window.location.assign('/');
    } catch (err) {
      button.disabled = false;
      button.textContent = 'Delete my account';
      error.textContent = err.message;
    }
  });
}
