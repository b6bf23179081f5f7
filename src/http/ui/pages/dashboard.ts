import { NoReportSourceError } from '../../../domain/reporting';
import { ReportService } from '../../../services/reports';
import { SettingsService } from '../../../services/settings';
import type { PageContext, PageResult } from '../context';
import { periodPicker } from '../widgets';
import { addDays, chosenFortnight, today } from '../fortnight';
import { nearestPublishedFortnight, shownPlan } from '../plan-choice';
import { html, money } from '../html';
import { barChart, lineChart } from '../svg';

const TREND_FORTNIGHTS = 6;
const num = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? '–' : x.toFixed(digits);
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x.toFixed(1)}%`);

/** The director's dashboard: utilisation against the weekly target, margin per customer, trend. */
export async function dashboardPage({ db, actor, query, now }: PageContext): Promise<PageResult> {
  const settings = await new SettingsService(db).get();
  let fortnight = chosenFortnight(
    settings.fortnightAnchor,
    settings.timeZone,
    now(),
    query['fortnight'],
    'current',
  );
  // Without a choice: this fortnight if it has a plan, else the published plan nearest to today.
  if (!query['fortnight'] && !(await shownPlan(db, fortnight)))
    fortnight = (await nearestPublishedFortnight(db, today(now(), settings.timeZone))) ?? fortnight;
  const reports = new ReportService(db);
  const target = settings.billableTargetMinutesPerWeek / 60;
  const picker = periodPicker({
    action: '/ui/dashboard',
    field: 'fortnight',
    label: 'Fortnight starting',
    value: fortnight,
    step: 14,
    back: 'Previous fortnight',
    forward: 'Next fortnight',
  });
  let utilisation: Awaited<ReturnType<ReportService['utilisation']>>;
  try {
    utilisation = await reports.utilisation(actor, { fortnightStart: fortnight });
  } catch (err) {
    if (!(err instanceof NoReportSourceError)) throw err;
    return {
      title: 'Director dashboard',
      body: html`${picker}
        <p class="status" id="no-plan">
          No published or solved plan for the fortnight of ${fortnight} yet.
        </p>`,
    };
  }
  const from = addDays(fortnight, -14 * (TREND_FORTNIGHTS - 1));
  const profit = await reports.profitability({ from, to: fortnight });
  const thisFortnight = profit.fortnights.find((f) => f.fortnightStart === fortnight) ?? null;
  const customers = profit.customers.filter((c) => c.fortnightStart === fortnight);
  const team = utilisation.team?.find((t) => t.period === 'fortnight') ?? null;
  const overview = await reports.overview(actor, fortnight);
  const csv = (path: string) => `${path}${path.includes('?') ? '&' : '?'}format=csv`;

  const body = html`${picker}
    <p>
      Fortnight ${fortnight} to ${addDays(fortnight, 13)} · plan
      <code>${utilisation.plan.id.slice(0, 8)}</code> (${utilisation.plan.status}).
    </p>
    <div class="cards">
      <div class="card">
        <div class="figure" id="team-utilisation">${pct(team?.utilisationPct)}</div>
        <div class="label">team utilisation (billable ÷ available)</div>
      </div>
      <div class="card">
        <div class="figure" id="team-billable">${num(team?.billableHours)} h</div>
        <div class="label">billable, target ${num(team?.targetHours)} h</div>
      </div>
      <div class="card">
        <div class="figure" id="fortnight-margin">${money(thisFortnight?.margin)}</div>
        <div class="label">
          margin (${pct(thisFortnight?.marginPct)} of ${money(thisFortnight?.revenue)} revenue)
        </div>
      </div>
    </div>

    <h2 id="overview-h">Engineers and support desk together</h2>
    <div class="scroll">
      <table id="overview" aria-labelledby="overview-h">
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" class="num">Billable h</th>
            <th scope="col" class="num">Available h</th>
            <th scope="col" class="num">Utilisation</th>
            <th scope="col" class="num">Desk required h</th>
            <th scope="col" class="num">Desk rostered h</th>
            <th scope="col" class="num">Service level</th>
            <th scope="col" class="num">Intervals below target</th>
          </tr>
        </thead>
        <tbody>
          ${overview.weeks.map(
            (w) =>
              html`<tr data-period="${w.period}" data-from="${w.from}">
                <th scope="row">${w.period === 'fortnight' ? 'Fortnight' : `Week of ${w.from}`}</th>
                <td class="num" data-field="billableHours">${num(w.billableHours)}</td>
                <td class="num">${num(w.availableHours)}</td>
                <td class="num">${pct(w.utilisationPct)}</td>
                <td class="num" data-field="deskRequiredHours">${num(w.deskRequiredHours)}</td>
                <td class="num" data-field="deskRosteredHours">${num(w.deskRosteredHours)}</td>
                <td class="num">${pct(w.deskServiceLevelPct)}</td>
                <td class="num">${w.deskIntervalsBelowTarget ?? '–'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="note">Desk figures count only days with a roster for rostered hours and service level.</p>

    <h2 id="util-h">Billable hours per engineer per week, against the ${num(target)} h target</h2>
    ${barChart({
      id: 'utilisation-chart',
      title: `Billable hours per engineer per week; the dashed line is the ${target} h target`,
      bars: utilisation.engineers.map((r) => ({
        label: `${r.engineerName} · ${r.from.slice(5)}`,
        value: r.billableHours,
        text: `${num(r.billableHours)} h`,
      })),
      reference: { value: target, label: `${target} h` },
    })}
    <div class="scroll">
      <table id="utilisation" aria-labelledby="util-h">
        <thead>
          <tr>
            <th scope="col">Engineer</th>
            <th scope="col">Week of</th>
            <th scope="col" class="num">Billable h</th>
            <th scope="col" class="num">Available h</th>
            <th scope="col" class="num">Utilisation</th>
            <th scope="col" class="num">Against target</th>
          </tr>
        </thead>
        <tbody>
          ${utilisation.engineers.map(
            (r) =>
              html`<tr data-engineer="${r.engineerId}" data-week="${r.from}">
                <th scope="row">${r.engineerName}</th>
                <td>${r.from}</td>
                <td class="num" data-field="billableHours">${num(r.billableHours)}</td>
                <td class="num" data-field="availableHours">${num(r.availableHours)}</td>
                <td class="num" data-field="utilisationPct">${pct(r.utilisationPct)}</td>
                <td class="num ${r.targetGapHours < 0 ? 'under' : 'over'}" data-field="targetGapHours">
                  ${r.targetGapHours > 0 ? '+' : ''}${num(r.targetGapHours)} h
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="noprint">
      <a href="${csv(`/reports/utilisation?fortnightStart=${fortnight}`)}">Download utilisation (CSV)</a>
    </p>

    <h2 id="margin-h">Margin per customer this fortnight</h2>
    ${barChart({
      id: 'margin-chart',
      title: 'Margin per customer this fortnight (revenue minus engineer cost)',
      bars: customers.map((c) => ({ label: c.customerName, value: c.margin, text: money(c.margin) })),
    })}
    <div class="scroll">
      <table id="margins" aria-labelledby="margin-h">
        <thead>
          <tr>
            <th scope="col">Customer</th>
            <th scope="col" class="num">Hours</th>
            <th scope="col" class="num">Revenue</th>
            <th scope="col" class="num">Cost</th>
            <th scope="col" class="num">Margin</th>
            <th scope="col" class="num">Margin %</th>
          </tr>
        </thead>
        <tbody>
          ${customers.map(
            (c) =>
              html`<tr data-customer="${c.customerId}">
                <th scope="row">${c.customerName}</th>
                <td class="num">${num(c.scheduledHours)}</td>
                <td class="num" data-field="revenue" data-value="${c.revenue}">${money(c.revenue)}</td>
                <td class="num" data-field="cost" data-value="${c.cost}">${money(c.cost)}</td>
                <td class="num ${c.margin < 0 ? 'under' : ''}" data-field="margin" data-value="${c.margin}">
                  ${money(c.margin)}
                </td>
                <td class="num">${pct(c.marginPct)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <p class="noprint">
      <a href="${csv(`/reports/profitability?from=${fortnight}&to=${fortnight}`)}"
        >Download profitability (CSV)</a
      >
    </p>

    <h2 id="trend-h">The last ${TREND_FORTNIGHTS} fortnights</h2>
    ${lineChart({
      id: 'trend-chart',
      title: 'Utilisation and margin percentage per fortnight',
      unit: '%',
      series: [
        {
          label: 'utilisation %',
          colour: '#0b5394',
          points: profit.fortnights.map((f) => ({
            x: f.fortnightStart,
            y:
              f.billableHours !== null && f.availableHours
                ? (100 * f.billableHours) / f.availableHours
                : null,
          })),
        },
        {
          label: 'margin %',
          colour: '#1e6b2f',
          points: profit.fortnights.map((f) => ({ x: f.fortnightStart, y: f.marginPct })),
        },
      ],
    })}
    <div class="scroll">
      <table id="trend" aria-labelledby="trend-h">
        <thead>
          <tr>
            <th scope="col">Fortnight</th>
            <th scope="col" class="num">Billable h</th>
            <th scope="col" class="num">Available h</th>
            <th scope="col" class="num">Revenue</th>
            <th scope="col" class="num">Margin</th>
            <th scope="col" class="num">Margin %</th>
          </tr>
        </thead>
        <tbody>
          ${profit.fortnights.map(
            (f) =>
              html`<tr data-fortnight="${f.fortnightStart}">
                <th scope="row">
                  ${f.fortnightStart}${f.planId ? '' : html` <span class="note">(no plan)</span>`}
                </th>
                <td class="num">${num(f.billableHours)}</td>
                <td class="num">${num(f.availableHours)}</td>
                <td class="num">${money(f.revenue)}</td>
                <td class="num">${money(f.margin)}</td>
                <td class="num">${pct(f.marginPct)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  return { title: 'Director dashboard', body };
}
