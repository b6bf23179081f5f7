import { IsNull } from 'typeorm';
import type { DataSource } from 'typeorm';
import { CalendarFeedTokenEntity } from '../../../db/entities';
import type { Actor } from '../../../domain/actor';
import { html, type Html } from '../html';

/**
 * The "subscribe" box of my schedule / my shifts: the person's live feeds (the secret URL is shown
 * only once, when a feed is created) and a button that creates a new one.
 */
export async function subscribeSection(
  db: DataSource,
  actor: Actor,
  scope: 'engineer' | 'agent',
): Promise<Html> {
  const feeds = await db.getRepository(CalendarFeedTokenEntity).find({
    where: { ownerUserId: actor.userId, scope, revokedAt: IsNull() },
    order: { createdAt: 'DESC' },
  });
  return html`<section aria-labelledby="subscribe-h" class="noprint">
    <h2 id="subscribe-h">Subscribe in your calendar app</h2>
    <p class="note">
      A subscription link is a secret: anyone with it can read your calendar. Each link is shown once; create
      one per device and revoke any you no longer use.
    </p>
    ${
      feeds.length
        ? html`<ul id="feeds">
            ${feeds.map(
              (f) =>
                html`<li data-feed="${f.id}">
                  ${f.label || 'unnamed link'} · created ${f.createdAt.toISOString().slice(0, 10)}
                  <button type="button" class="secondary" data-revoke="${f.id}">Revoke</button>
                </li>`,
            )}
          </ul>`
        : html`<p id="no-feeds">You have no subscription links yet.</p>`
    }
    <form id="new-feed" class="toolbar" data-scope="${scope}">
      <label>Label <input name="label" maxlength="100" value="phone" /></label>
      <button type="submit">Create subscription link</button>
    </form>
    <div id="feed-links" class="status" role="status" aria-live="polite" hidden></div>
  </section>`;
}
