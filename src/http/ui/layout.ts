import type { Role } from '../../db/entities/access';
import type { Actor } from '../../domain/actor';
import { html, type Html } from './html';

/** The pages of the web UI, who may open each, and each role's home page. */
export const PAGES = {
  plan: { path: '/ui/plan', title: 'Plan board', roles: ['admin', 'rep', 'director'] },
  review: { path: '/ui/review', title: 'Customer review', roles: ['admin', 'rep', 'director'] },
  dashboard: { path: '/ui/dashboard', title: 'Director dashboard', roles: ['admin', 'director'] },
  coverage: { path: '/ui/coverage', title: 'Desk coverage', roles: ['admin', 'rep', 'director'] },
  schedule: { path: '/ui/my-schedule', title: 'My schedule', roles: ['engineer'] },
  shifts: { path: '/ui/my-shifts', title: 'My shifts', roles: ['agent'] },
} as const satisfies Record<string, { path: string; title: string; roles: readonly Role[] }>;

export type PageKey = keyof typeof PAGES;

export const HOME: Record<Role, PageKey> = {
  admin: 'dashboard',
  director: 'dashboard',
  rep: 'plan',
  engineer: 'schedule',
  agent: 'shifts',
};

export function mayOpen(role: Role, page: PageKey): boolean {
  return (PAGES[page].roles as readonly Role[]).includes(role);
}

export interface LayoutInput {
  title: string;
  actor: Actor | null;
  csrfToken?: string | null;
  current?: PageKey;
  body: Html;
  /** Page scripts under /ui/assets (progressive enhancement; pages work read-only without them). */
  scripts?: string[];
}

export function layout({ title, actor, csrfToken, current, body, scripts = [] }: LayoutInput): string {
  const nav = actor
    ? (Object.keys(PAGES) as PageKey[])
        .filter((k) => mayOpen(actor.role, k))
        .map(
          (k) =>
            html`<li>
              <a href="${PAGES[k].path}" ${current === k ? html` aria-current="page"` : ''}
                >${PAGES[k].title}</a
              >
            </li>`,
        )
    : [];
  return html`<!doctype html>
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${csrfToken ? html`<meta name="csrf-token" content="${csrfToken}" />` : ''}
        <title>${title} · Rota</title>
        <link rel="stylesheet" href="/ui/assets/app.css" />
        ${['rota.js', ...scripts].map((s) => html`<script src="/ui/assets/${s}" defer></script>`)}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <a class="brand" href="/ui">Rota</a>
          ${
            actor
              ? html`<nav aria-label="Pages">
                    <ul>
                      ${nav}
                    </ul>
                  </nav>
                  <form class="signout" method="post" action="/ui/sign-out">
                    <input type="hidden" name="_csrf" value="${csrfToken ?? ''}" />
                    <span class="who">${actor.name} <span class="role">(${actor.role})</span></span>
                    <button type="submit">Sign out</button>
                  </form>`
              : ''
          }
        </header>
        <main id="main" tabindex="-1">
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.text;
}
