import { RosterService } from '../../../services/rosters';
import { SettingsService } from '../../../services/settings';
import type { PageContext, PageResult } from '../context';
import { periodPicker } from '../widgets';
import { addDays, dayLabel, today } from '../fortnight';
import { hours, html } from '../html';
import { subscribeSection } from './subscribe';
import { DomainValidationError } from '../../../domain/errors';

/** A shift agent's rostered shifts (published rosters) for four weeks, with subscribe links. */
export async function myShiftsPage({ db, actor, query, now, logger }: PageContext): Promise<PageResult> {
  const settings = await new SettingsService(db).get();
  const given = query['from'];
  if (given !== undefined && given !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(given))
    throw new DomainValidationError('not a date', [{ path: 'query.from', message: 'must be YYYY-MM-DD' }]);
  const from = given || today(now(), settings.timeZone);
  const to = addDays(from, 27);
  const agentId = actor.agentId ?? '00000000-0000-0000-0000-000000000000';
  const shifts = await new RosterService(db, null, logger).agentShifts(agentId, from, to);
  const total = shifts.reduce((s, x) => s + (x.endsAt.getTime() - x.startsAt.getTime()) / 60000, 0);
  const body = html` ${periodPicker({ action: '/ui/my-shifts', field: 'from', label: 'From', value: from, step: 28, back: 'Earlier', forward: 'Later' })}
    <p>
      ${from} to ${to} · <strong id="shift-count">${shifts.length}</strong> shifts ·
      <strong id="shift-hours" data-minutes="${total}">${hours(total)}</strong> rostered (breaks included).
    </p>
    ${
      shifts.length
        ? html`<div class="scroll">
            <table id="shifts">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Shift</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Breaks</th>
                </tr>
              </thead>
              <tbody>
                ${shifts.map(
                  (s) =>
                    html`<tr data-shift="${s.id}">
                      <th scope="row">${dayLabel(s.date)}</th>
                      <td>${s.templateName ?? ''}</td>
                      <td>
                        ${s.localStart}–${s.localEnd}${s.timeZone !== settings.timeZone ? html` <span class="note">${s.timeZone}</span>` : ''}
                      </td>
                      <td>${s.breaks.map((b) => `${b.start}–${b.end}`).join(', ')}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="status">No published shifts for you in these four weeks.</p>`
    }
    ${await subscribeSection(db, actor, 'agent')}`;
  return { title: 'My shifts', body, scripts: ['subscribe.js'] };
}
