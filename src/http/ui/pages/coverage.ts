import { DomainValidationError } from '../../../domain/errors';
import { ReportService } from '../../../services/reports';
import { SettingsService } from '../../../services/settings';
import type { PageContext, PageResult } from '../context';
import { periodPicker } from '../widgets';
import { dayLabel, today } from '../fortnight';
import { html } from '../html';
import { nearestRosteredDay } from '../plan-choice';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** The support desk's coverage: required vs rostered agents per interval, and service level. */
export async function coveragePage({ db, query, now }: PageContext): Promise<PageResult> {
  const settings = await new SettingsService(db).get();
  const given = query['date'];
  if (given !== undefined && given !== '' && !ISO.test(given))
    throw new DomainValidationError('not a date', [{ path: 'query.date', message: 'must be YYYY-MM-DD' }]);
  // Without a choice: today if a roster covers it, else the nearest rostered day.
  const date = given || (await nearestRosteredDay(db, today(now(), settings.timeZone)));
  const reports = new ReportService(db);
  const channel = query['channel'] || undefined;
  const coverage = await reports.coverage({ date, ...(channel ? { channel } : {}) });
  const day = (await reports.rostering({ from: date, to: date })).channels.filter(
    (c) => !channel || c.channel === channel,
  );
  const channels = [...new Set(coverage.channels.map((c) => c.channel))];
  // Only intervals with demand or agents on duty: a desk that opens at 07:00 needs no 00:00 rows.
  const busy = coverage.pooled.filter((p) => p.requiredAgents > 0 || (p.onDutyAgents ?? 0) > 0);
  const cell = (start: string, ch: string) =>
    coverage.channels.find((c) => c.start === start && c.channel === ch);

  const body = html`${periodPicker({ action: '/ui/coverage', field: 'date', label: 'Day', value: date, step: 1, back: 'Previous day', forward: 'Next day' })}
    <p>
      ${dayLabel(date)} ·
      ${
        coverage.roster
          ? html`<span id="coverage-roster"
              >roster <code>${coverage.roster.id.slice(0, 8)}</code> (${coverage.roster.status},
              ${coverage.roster.periodStart} to ${coverage.roster.periodEnd})</span
            >`
          : html`<strong>no roster covers this day</strong>: the requirement alone is shown`
      }
      · ${coverage.intervalMinutes}-minute intervals.
    </p>
    <h2 id="day-h">The day per channel</h2>
    <div class="scroll">
      <table id="day" aria-labelledby="day-h">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col" class="num">Required agent-hours</th>
            <th scope="col" class="num">Rostered agent-hours</th>
            <th scope="col" class="num">Projected service level</th>
            <th scope="col" class="num">Target</th>
            <th scope="col" class="num">Intervals below target</th>
          </tr>
        </thead>
        <tbody>
          ${day.map(
            (c) =>
              html`<tr data-channel="${c.channel}">
                <th scope="row">${c.channel}</th>
                <td class="num" data-field="requiredHours">${c.requiredHours.toFixed(1)}</td>
                <td class="num" data-field="rosteredHours">
                  ${c.rosteredHours === null ? '–' : c.rosteredHours.toFixed(1)}
                </td>
                <td
                  class="num ${c.serviceLevelPct !== null && c.serviceLevelPct < c.targetServiceLevelPct ? 'under' : ''}"
                  data-field="serviceLevelPct"
                >
                  ${c.serviceLevelPct === null ? '–' : `${c.serviceLevelPct.toFixed(1)}%`}
                </td>
                <td class="num">${c.targetServiceLevelPct.toFixed(0)}%</td>
                <td class="num">${c.intervalsBelowTarget ?? '–'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <h2 id="intervals-h">Interval by interval</h2>
    <p class="note">Required / rostered agents per channel; rows in red are short of the requirement.</p>
    <div class="scroll">
      <table id="intervals" aria-labelledby="intervals-h">
        <thead>
          <tr>
            <th scope="col">Interval</th>
            ${channels.map(
              (ch) =>
                html`<th scope="col" class="num">${ch}</th>
                  <th scope="col" class="num">${ch} SL</th>`,
            )}
            <th scope="col" class="num">Desk required</th>
            <th scope="col" class="num">Desk on duty</th>
          </tr>
        </thead>
        <tbody>
          ${busy.map(
            (p) =>
              html`<tr
                data-start="${p.start}"
                ${p.gapAgents !== null && p.gapAgents < 0 ? html` class="under"` : ''}
              >
                <th scope="row">${p.start}–${p.end}</th>
                ${channels.map((ch) => {
                  const c = cell(p.start, ch);
                  return html`<td
                      class="num"
                      data-channel="${ch}"
                      data-required="${c?.requiredAgents ?? 0}"
                      data-rostered="${c?.rosteredAgents ?? ''}"
                    >
                      ${c?.requiredAgents ?? 0} / ${c?.rosteredAgents ?? '–'}
                    </td>
                    <td class="num">
                      ${c?.serviceLevelPct === null || c?.serviceLevelPct === undefined ? '–' : `${c.serviceLevelPct.toFixed(0)}%`}
                    </td>`;
                })}
                <td class="num" data-field="required">${p.requiredAgents}</td>
                <td class="num" data-field="onDuty">${p.onDutyAgents ?? '–'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="noprint">
      <a href="/reports/coverage?date=${date}&amp;format=csv">Download this day (CSV)</a>
    </p>`;
  return { title: 'Desk coverage', body };
}
