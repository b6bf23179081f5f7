// Shared helpers for the Rota pages: JSON calls with the session's CSRF token, status messages.
'use strict';
window.rota = {
  csrf() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  },
  async call(method, url, body) {
    const res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'X-CSRF-Token': this.csrf(),
        Accept: 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const fields =
        data && Array.isArray(data.errors) ? data.errors.map((e) => `${e.path}: ${e.message}`) : [];
      const error = new Error([data && (data.detail || data.title), ...fields].filter(Boolean).join(' · '));
      error.status = res.status;
      throw error;
    }
    return data;
  },
  say(el, message, isError) {
    el.hidden = false;
    el.textContent = message;
    el.classList.toggle('error', Boolean(isError));
  },
};
