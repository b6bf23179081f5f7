// My schedule / my shifts: create and revoke calendar subscription links.
'use strict';
(function () {
  const form = document.getElementById('new-feed');
  const out = document.getElementById('feed-links');
  if (form) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      try {
        const feed = await rota.call('POST', '/calendar-feeds', {
          scope: form.dataset.scope,
          label: new FormData(form).get('label'),
        });
        out.hidden = false;
        out.classList.remove('error');
        out.replaceChildren();
        const add = (label, href) => {
          const p = document.createElement('p');
          const a = document.createElement('a');
          a.href = href;
          a.textContent = label;
          const code = document.createElement('code');
          code.className = 'link';
          code.textContent = href;
          p.append(a, document.createElement('br'), code);
          out.append(p);
        };
        add('Open in your calendar app (webcal)', feed.webcalUrl);
        add('Subscription URL (https)', feed.url);
        add(
          'Add to Google Calendar',
          `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(feed.webcalUrl)}`,
        );
      } catch (error) {
        rota.say(out, `Could not create the link: ${error.message}`, true);
      }
    });
  }
  document.querySelectorAll('[data-revoke]').forEach((button) =>
    button.addEventListener('click', async () => {
      try {
        await rota.call('DELETE', `/calendar-feeds/${button.dataset.revoke}`);
        button.closest('li').remove();
      } catch (error) {
        rota.say(out, `Could not revoke: ${error.message}`, true);
      }
    }),
  );
})();
