import { In } from 'typeorm';
import { z } from 'zod';
import {
  CustomerEntity,
  EngineerEntity,
  PlanEntity,
  RoadmapItemEntity,
  ScheduledBlockEntity,
} from '../../../db/entities';
import { DomainValidationError } from '../../../domain/errors';
import { dates } from '../../../domain/time';
import { SettingsService } from '../../../services/settings';
import type { PageContext, PageResult } from '../context';
import { periodPicker } from '../widgets';
import { chosenFortnight, dayLabel, isWeekend } from '../fortnight';
import { customerColour, hours, html, type Html } from '../html';

export const KIND_MARK: Record<string, { mark: string; label: string }> = {
  feature: { mark: 'F', label: 'feature' },
  improvement: { mark: 'I', label: 'improvement' },
  bugfix: { mark: 'B', label: 'bug fix' },
  techdebt: { mark: 'T', label: 'tech debt' },
};

interface WeekReport {
  engineerId: string;
  week: 0 | 1;
  billable: number;
  available: number;
  target: number;
  shortfall: number;
  reasons: string[];
}

interface PlanResultView {
  engineers?: WeekReport[];
  p1Rota?: { engineerId: string; date?: string }[];
  gap?: number | null;
  status?: string;
  check?: { ok: boolean } | null;
  explanation?: string[];
}

const planIdSchema = z.uuid();

/** Who may generate and publish plans (the API's rule for POST /plans and publish). */
const PLANNERS: readonly string[] = ['admin', 'rep'];

/** Loads a plan's stored blocks keyed for comparison (item, engineer, day, start). */
function blockKey(b: ScheduledBlockEntity): string {
  return `${b.itemId}|${b.engineerId}|${b.date}|${b.localStart}|${b.localEnd}`;
}

function weekBillable(
  blocks: ScheduledBlockEntity[],
  billable: Set<string>,
  engineerId: string,
  days: string[],
) {
  const weeks = [0, 0];
  for (const b of blocks) {
    if (b.engineerId !== engineerId || !billable.has(b.itemId)) continue;
    const w = days.indexOf(b.date) >= 7 ? 1 : 0;
    weeks[w]! += (b.endsAt.getTime() - b.startsAt.getTime()) / 60000;
  }
  return weeks;
}

/** The rep's plan board: engineers × days of the fortnight, generate, compare, publish. */
export async function planBoardPage({ db, actor, query, now }: PageContext): Promise<PageResult> {
  const settings = await new SettingsService(db).get();
  const fortnight = chosenFortnight(
    settings.fortnightAnchor,
    settings.timeZone,
    now(),
    query['fortnight'],
    'next',
  );
  const days = dates(fortnight, 14);
  const plans = await db.getRepository(PlanEntity).find({
    where: { fortnightStart: fortnight },
    order: { createdAt: 'DESC' },
    select: { id: true, status: true, createdAt: true, publishedAt: true, fortnightStart: true },
  });
  let chosenId: string | undefined;
  if (query['plan']) {
    if (!planIdSchema.safeParse(query['plan']).success || !plans.some((p) => p.id === query['plan']))
      throw new DomainValidationError('no such plan for this fortnight', [
        { path: 'query.plan', message: 'must be the id of a plan of this fortnight' },
      ]);
    chosenId = query['plan'];
  }
  const published = plans.find((p) => p.status === 'published');
  chosenId ??= published?.id ?? plans.find((p) => !['superseded'].includes(p.status))?.id ?? plans[0]?.id;
  const plan = chosenId ? await db.getRepository(PlanEntity).findOneByOrFail({ id: chosenId }) : null;
  const result = (plan?.result ?? {}) as PlanResultView;

  const engineers = await db
    .getRepository(EngineerEntity)
    .find({ where: { active: true }, order: { name: 'ASC' } });
  const customers = await db.getRepository(CustomerEntity).find({ order: { name: 'ASC' } });
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const blockRepo = db.getRepository(ScheduledBlockEntity);
  const blocks = plan ? await blockRepo.find({ where: { planId: plan.id }, order: { startsAt: 'ASC' } }) : [];
  const comparing = published && plan && published.id !== plan.id;
  const publishedBlocks = comparing
    ? await blockRepo.find({ where: { planId: published.id }, order: { startsAt: 'ASC' } })
    : [];
  const itemIds = [...new Set([...blocks, ...publishedBlocks].map((b) => b.itemId))];
  const items = itemIds.length
    ? await db.getRepository(RoadmapItemEntity).find({ where: { id: In(itemIds) } })
    : [];
  const itemById = new Map(items.map((i) => [i.id, i]));
  const billable = new Set(items.filter((i) => i.billable).map((i) => i.id));
  const p1ByDate = new Map((result.p1Rota ?? []).filter((r) => r.date).map((r) => [r.date!, r.engineerId]));
  const nameOf = new Map(engineers.map((e) => [e.id, e.name]));
  const shownDays = days.filter((d) => !isWeekend(d) || blocks.some((b) => b.date === d));
  const target = settings.billableTargetMinutesPerWeek;

  const cell = (engineerId: string, date: string): Html => {
    const mine = blocks.filter((b) => b.engineerId === engineerId && b.date === date);
    return html`<td
      class="${isWeekend(date) ? 'weekend' : ''}"
      data-engineer="${engineerId}"
      data-date="${date}"
    >
      ${p1ByDate.get(date) === engineerId ? html`<span class="p1" title="P1 responder">P1</span>` : ''}
      ${mine.map((b) => {
        const item = itemById.get(b.itemId);
        const customer = customerById.get(b.customerId);
        const kind = KIND_MARK[item?.kind ?? ''] ?? { mark: '?', label: 'work' };
        return html`<span
          class="block"
          style="--c:${customerColour(b.customerId, customer?.colour)}"
          data-block="${b.id}"
        >
          <span class="kind" title="${kind.label}" aria-label="${kind.label}">${kind.mark}</span
          >${b.localStart}–${b.localEnd} <strong>${customer?.name ?? 'customer'}</strong>
          <span class="title" title="${item?.title ?? ''}">${item?.title ?? b.itemId}</span></span
        >`;
      })}
    </td>`;
  };

  const reports = result.engineers ?? [];
  const weekCell = (engineerId: string, week: 0 | 1): Html => {
    const r = reports.find((x) => x.engineerId === engineerId && x.week === week);
    const billableMinutes = r?.billable ?? weekBillable(blocks, billable, engineerId, days)[week]!;
    const goal = r?.target ?? target;
    const cls = billableMinutes >= goal ? 'over' : 'under';
    return html`<td
      class="num ${cls}"
      data-week-hours="${engineerId}:${week}"
      data-billable-minutes="${billableMinutes}"
      title="${r?.reasons?.join(' ') ?? ''}"
    >
      ${hours(billableMinutes)} /
      ${hours(goal)}${
        r && r.reasons.length ? html`<br /><span class="note">${r.reasons.join(' ')}</span>` : ''
      }
    </td>`;
  };

  const usedCustomers = customers.filter((c) => blocks.some((b) => b.customerId === c.id));
  const board = plan
    ? html`<div class="scroll">
          <table class="board" aria-describedby="board-caption">
            <caption id="board-caption" class="note">
              Blocks are coloured by customer and marked F feature, I improvement, B bug fix, T tech debt.
              Billable hours per week against the ${hours(target)} target.
            </caption>
            <thead>
              <tr>
                <th scope="col">Engineer</th>
                <th scope="col" class="num">Week 1</th>
                <th scope="col" class="num">Week 2</th>
                ${shownDays.map((d) => html`<th scope="col" class="day">${dayLabel(d)}</th>`)}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">P1 responder</th>
                <td></td>
                <td></td>
                ${shownDays.map(
                  (d) =>
                    html`<td data-p1-date="${d}">
                      ${p1ByDate.has(d) ? (nameOf.get(p1ByDate.get(d)!) ?? '') : ''}
                    </td>`,
                )}
              </tr>
              ${engineers.map(
                (e) =>
                  html`<tr>
                    <th scope="row">${e.name}</th>
                    ${weekCell(e.id, 0)}${weekCell(e.id, 1)}${shownDays.map((d) => cell(e.id, d))}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        <ul class="legend" aria-label="Customers">
          ${usedCustomers.map(
            (c) =>
              html`<li>
                <span class="swatch" style="--c:${customerColour(c.id, c.colour)}"></span>${c.name}
              </li>`,
          )}
        </ul>`
    : html`<p class="status">No plan for this fortnight yet. Generate one below.</p>`;

  const comparison = comparing
    ? (() => {
        const before = new Set(publishedBlocks.map(blockKey));
        const after = new Set(blocks.map(blockKey));
        return html`<h2>Compared with the published plan</h2>
          <div class="scroll">
            <table id="compare">
              <thead>
                <tr>
                  <th scope="col">Engineer</th>
                  <th scope="col" class="num">Published wk 1</th>
                  <th scope="col" class="num">This plan wk 1</th>
                  <th scope="col" class="num">Published wk 2</th>
                  <th scope="col" class="num">This plan wk 2</th>
                  <th scope="col" class="num">Blocks added</th>
                  <th scope="col" class="num">Blocks removed</th>
                </tr>
              </thead>
              <tbody>
                ${engineers.map((e) => {
                  const p = weekBillable(publishedBlocks, billable, e.id, days);
                  const n = weekBillable(blocks, billable, e.id, days);
                  const added = blocks.filter(
                    (b) => b.engineerId === e.id && !before.has(blockKey(b)),
                  ).length;
                  const removed = publishedBlocks.filter(
                    (b) => b.engineerId === e.id && !after.has(blockKey(b)),
                  ).length;
                  return html`<tr>
                    <th scope="row">${e.name}</th>
                    <td class="num">${hours(p[0]!)}</td>
                    <td class="num">${hours(n[0]!)}</td>
                    <td class="num">${hours(p[1]!)}</td>
                    <td class="num">${hours(n[1]!)}</td>
                    <td class="num">${added}</td>
                    <td class="num">${removed}</td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`;
      })()
    : '';

  const statusLine = plan
    ? html`<div class="status" id="plan-status" data-plan-id="${plan.id}" data-status="${plan.status}">
        Plan <code>${plan.id.slice(0, 8)}</code>: <strong>${plan.status}</strong>${
          result.gap !== undefined && result.gap !== null
            ? html` · optimality gap ${(result.gap * 100).toFixed(1)}%`
            : ''
        }${result.check ? html` · checker ${result.check.ok ? 'passed' : 'failed'}` : ''}${
          plan.publishedAt
            ? html` · published ${plan.publishedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`
            : ''
        }
        ${(result.explanation ?? []).map((e) => html`<br />${e}`)}
      </div>`
    : '';

  const body = html` ${periodPicker({
      action: '/ui/plan',
      field: 'fortnight',
      label: 'Fortnight starting',
      value: fortnight,
      step: 14,
      back: 'Previous fortnight',
      forward: 'Next fortnight',
      extra: plans.length
        ? html`<label
            >Plan
            <select name="plan">
              ${plans.map(
                (p) =>
                  html`<option value="${p.id}" ${p.id === plan?.id ? html` selected` : ''}>
                    ${p.status} · ${p.createdAt.toISOString().slice(0, 16).replace('T', ' ')}
                  </option>`,
              )}
            </select></label
          >`
        : '',
    })}
    <p>Fortnight <strong id="fortnight">${fortnight}</strong> to ${days[13]}.</p>
    ${statusLine} ${board} ${comparison}
    ${
      PLANNERS.includes(actor.role)
        ? html`<section class="noprint" aria-labelledby="actions">
            <h2 id="actions">Generate and publish</h2>
            <form id="generate" class="toolbar" data-fortnight="${fortnight}">
              <label
                >Confidence
                <select name="confidence">
                  <option>P50</option>
                  <option selected>P80</option>
                  <option>P90</option>
                </select></label
              >
              <label
                >Engine
                <select name="backend">
                  <option value="highs" selected>HiGHS</option>
                  <option value="jslp">javascript-lp-solver</option>
                </select></label
              >
              <label
                >Time limit (s) <input type="number" name="timeLimitSeconds" min="1" max="600" value="30"
              /></label>
              <button type="submit">Generate plan</button>
            </form>
            ${
              plan && plan.status === 'solved'
                ? html`<form id="publish" class="toolbar" data-plan-id="${plan.id}">
                    <button type="submit">Publish this plan</button>
                    <span class="note"
                      >Publishing replaces the published plan of this fortnight and updates everyone's
                      calendars.</span
                    >
                  </form>`
                : ''
            }
            <p id="progress" class="status" role="status" aria-live="polite" hidden></p>
          </section>`
        : html`<p class="note">Directors see the board; reps and admins generate and publish plans.</p>`
    }`;
  return { title: 'Plan board', body, scripts: ['plan-board.js'] };
}
