import { In } from 'typeorm';
import { z } from 'zod';
import {
  CustomerEntity,
  EngineerEntity,
  RoadmapItemEntity,
  ScheduledBlockEntity,
} from '../../../db/entities';
import { DomainValidationError } from '../../../domain/errors';
import { SettingsService } from '../../../services/settings';
import type { PageContext, PageResult } from '../context';
import { addDays, chosenFortnight, dayLabel } from '../fortnight';
import { hours, html, percent } from '../html';
import { shownPlan } from '../plan-choice';
import { KIND_MARK } from './plan-board';

interface CustomerReport {
  customerId: string;
  scheduledMinutes: number;
  billableMinutes: number;
  subscriptionMinutes: number;
  topUpUsedMinutes: number;
  techDebtShare: number;
  techDebtTarget: number;
  probability: number | null;
  notScheduled: { itemId: string; reason: string }[];
}

/** The rep's customer review sheet: what will be delivered, against the subscription; printable. */
export async function reviewPage({ db, query, now }: PageContext): Promise<PageResult> {
  const settings = await new SettingsService(db).get();
  const fortnight = chosenFortnight(
    settings.fortnightAnchor,
    settings.timeZone,
    now(),
    query['fortnight'],
    'next',
  );
  const customers = await db
    .getRepository(CustomerEntity)
    .find({ where: { active: true }, order: { name: 'ASC' } });
  let customer = customers[0];
  if (query['customer']) {
    customer = z.uuid().safeParse(query['customer']).success
      ? customers.find((c) => c.id === query['customer'])
      : undefined;
    if (!customer)
      throw new DomainValidationError('no such customer', [
        { path: 'query.customer', message: 'must be the id of an active customer' },
      ]);
  }
  const picker = html`<form class="toolbar noprint" method="get" action="/ui/review">
    <label
      >Customer
      <select name="customer">
        ${customers.map(
          (c) =>
            html`<option value="${c.id}" ${c.id === customer?.id ? html` selected` : ''}>${c.name}</option>`,
        )}
      </select></label
    >
    <label>Fortnight starting <input type="date" name="fortnight" value="${fortnight}" step="14" /></label>
    <button type="submit" class="secondary">Show</button>
    <button type="button" class="secondary" data-print>Print</button>
  </form>`;
  if (!customer)
    return {
      title: 'Customer review',
      body: html`${picker}
        <p>No customers yet.</p>`,
    };

  const plan = await shownPlan(db, fortnight);
  const report = ((plan?.result as { customers?: CustomerReport[] } | null)?.customers ?? []).find(
    (c) => c.customerId === customer.id,
  );
  const blocks = plan
    ? await db
        .getRepository(ScheduledBlockEntity)
        .find({ where: { planId: plan.id, customerId: customer.id }, order: { startsAt: 'ASC' } })
    : [];
  const roadmap = await db
    .getRepository(RoadmapItemEntity)
    .find({ where: { customerId: customer.id }, order: { rank: 'ASC' } });
  const itemById = new Map(roadmap.map((i) => [i.id, i]));
  const engineerIds = [...new Set(blocks.map((b) => b.engineerId))];
  const engineers = engineerIds.length
    ? await db.getRepository(EngineerEntity).find({ where: { id: In(engineerIds) } })
    : [];
  const nameOf = new Map(engineers.map((e) => [e.id, e.name]));

  // One row per item: hours scheduled, who, which days.
  const perItem = new Map<string, { minutes: number; who: Set<string>; days: Set<string> }>();
  for (const b of blocks) {
    const row = perItem.get(b.itemId) ?? { minutes: 0, who: new Set(), days: new Set() };
    row.minutes += (b.endsAt.getTime() - b.startsAt.getTime()) / 60000;
    row.who.add(nameOf.get(b.engineerId) ?? '');
    row.days.add(b.date);
    perItem.set(b.itemId, row);
  }
  const delivered = [...perItem.entries()].sort(
    (a, b) => (itemById.get(a[0])?.rank ?? 0) - (itemById.get(b[0])?.rank ?? 0),
  );

  const body = html`${picker}
    <p>
      <strong id="customer-name">${customer.name}</strong> · fortnight ${fortnight} to
      ${addDays(fortnight, 13)} ·
      ${plan ? html`plan <code>${plan.id.slice(0, 8)}</code> (${plan.status}${report ? html`, ${(plan.result as { confidence?: string }).confidence ?? ''}` : ''})` : 'no plan yet'}
    </p>
    ${
      report
        ? html`<div class="cards">
            <div class="card">
              <div class="figure" id="scheduled-hours">${hours(report.scheduledMinutes)}</div>
              <div class="label">
                scheduled, of ${hours(report.subscriptionMinutes)}
                subscribed${report.topUpUsedMinutes ? html` (+${hours(report.topUpUsedMinutes)} top-up)` : ''}
              </div>
            </div>
            <div class="card">
              <div
                class="figure ${report.techDebtShare + 1e-9 < report.techDebtTarget ? 'under' : ''}"
                id="tech-debt-share"
              >
                ${percent(report.techDebtShare)}
              </div>
              <div class="label">tech-debt share (target ${percent(report.techDebtTarget)})</div>
            </div>
            <div class="card">
              <div class="figure" id="probability">${percent(report.probability)}</div>
              <div class="label">probability everything committed fits the fortnight</div>
            </div>
          </div>`
        : html`<p class="status">No plan covers this customer for the fortnight yet.</p>`
    }
    <h2>What we will deliver</h2>
    ${
      delivered.length
        ? html`<div class="scroll">
            <table id="delivered">
              <thead>
                <tr>
                  <th scope="col">Rank</th>
                  <th scope="col">Item</th>
                  <th scope="col">Kind</th>
                  <th scope="col" class="num">Estimate</th>
                  <th scope="col" class="num">Scheduled</th>
                  <th scope="col">Who</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                ${delivered.map(([id, row]) => {
                  const item = itemById.get(id);
                  return html`<tr data-item="${id}">
                    <td class="num">${item?.rank ?? ''}</td>
                    <td>
                      ${item?.title ?? id}${
                        item?.dueDate ? html` <span class="note">(due ${item.dueDate})</span>` : ''
                      }
                    </td>
                    <td>${KIND_MARK[item?.kind ?? '']?.label ?? ''}</td>
                    <td class="num">${item ? `${item.estimateLowHours}–${item.estimateHighHours} h` : ''}</td>
                    <td class="num" data-minutes="${row.minutes}">${hours(row.minutes)}</td>
                    <td>${[...row.who].join(', ')}</td>
                    <td>${[...row.days].map(dayLabel).join(', ')}</td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
        : html`<p>Nothing scheduled.</p>`
    }
    <h2>Not this fortnight</h2>
    ${
      report && report.notScheduled.length
        ? html`<ul id="not-scheduled">
            ${report.notScheduled.map((n) => {
              const item = itemById.get(n.itemId.split('#')[0]!);
              return html`<li>
                <strong>${item?.title ?? n.itemId}</strong>${item ? html` (rank ${item.rank})` : ''}:
                ${n.reason}
              </li>`;
            })}
          </ul>`
        : html`<p>Everything on the roadmap that was ready fitted.</p>`
    }`;
  return { title: 'Customer review', body, scripts: ['print.js'] };
}
