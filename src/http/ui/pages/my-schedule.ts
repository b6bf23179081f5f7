import { In } from 'typeorm';
import { CustomerEntity, PlanEntity, RoadmapItemEntity, ScheduledBlockEntity } from '../../../db/entities';
import { SettingsService } from '../../../services/settings';
import type { PageContext, PageResult } from '../context';
import { periodPicker } from '../widgets';
import { addDays, chosenFortnight, dayLabel } from '../fortnight';
import { customerColour, hours, html } from '../html';
import { KIND_MARK } from './plan-board';
import { subscribeSection } from './subscribe';

/** An engineer's own published schedule for this and the next fortnight, with subscribe links. */
export async function mySchedulePage({ db, actor, query, now }: PageContext): Promise<PageResult> {
  const settings = await new SettingsService(db).get();
  const first = chosenFortnight(
    settings.fortnightAnchor,
    settings.timeZone,
    now(),
    query['fortnight'],
    'current',
  );
  const engineerId = actor.engineerId ?? '00000000-0000-0000-0000-000000000000';
  const fortnights = [first, addDays(first, 14)];
  const plans = await db
    .getRepository(PlanEntity)
    .find({ where: { fortnightStart: In(fortnights), status: 'published' } });
  const blocks = plans.length
    ? await db.getRepository(ScheduledBlockEntity).find({
        where: { planId: In(plans.map((p) => p.id)), engineerId },
        order: { startsAt: 'ASC' },
      })
    : [];
  const p1Dates = new Set(
    plans.flatMap((p) =>
      ((p.result as { p1Rota?: { engineerId: string; date?: string }[] } | null)?.p1Rota ?? [])
        .filter((r) => r.engineerId === engineerId && r.date)
        .map((r) => r.date!),
    ),
  );
  const itemIds = [...new Set(blocks.map((b) => b.itemId))];
  const items = itemIds.length
    ? await db.getRepository(RoadmapItemEntity).find({ where: { id: In(itemIds) } })
    : [];
  const itemById = new Map(items.map((i) => [i.id, i]));
  const customers = new Map((await db.getRepository(CustomerEntity).find()).map((c) => [c.id, c]));
  const dates = [...new Set([...blocks.map((b) => b.date), ...p1Dates])].sort();
  const total = blocks.reduce((s, b) => s + (b.endsAt.getTime() - b.startsAt.getTime()) / 60000, 0);

  const body = html` ${periodPicker({ action: '/ui/my-schedule', field: 'fortnight', label: 'From the fortnight starting', value: first, step: 14, back: 'Earlier', forward: 'Later' })}
    <p>
      ${first} to ${addDays(first, 27)} ·
      <strong id="total-hours" data-minutes="${total}">${hours(total)}</strong> scheduled · only a P1 incident
      may interrupt these blocks.
    </p>
    ${
      dates.length
        ? html`<div class="scroll">
            <table id="schedule">
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Time</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Work</th>
                </tr>
              </thead>
              <tbody>
                ${dates.map((d) => {
                  const mine = blocks.filter((b) => b.date === d);
                  return html`${
                    p1Dates.has(d)
                      ? html`<tr>
                          <th scope="row">${dayLabel(d)}</th>
                          <td colspan="3">
                            <span class="p1">P1</span> You are the P1 responder today: your development hours
                            carry the P1 buffer.
                          </td>
                        </tr>`
                      : ''
                  }
                  ${mine.map((b) => {
                    const item = itemById.get(b.itemId);
                    const c = customers.get(b.customerId);
                    return html`<tr data-block="${b.id}">
                      <th scope="row">${dayLabel(d)}</th>
                      <td>
                        ${b.localStart}–${b.localEnd}${
                          b.timeZone !== settings.timeZone
                            ? html` <span class="note">${b.timeZone}</span>`
                            : ''
                        }
                      </td>
                      <td>
                        <span class="block" style="--c:${customerColour(b.customerId, c?.colour)}"
                          >${c?.name ?? ''}</span
                        >
                      </td>
                      <td>
                        ${item?.title ?? ''}
                        <span class="note"
                          >(${KIND_MARK[item?.kind ?? '']?.label ?? ''}, rank ${item?.rank ?? ''})</span
                        >
                      </td>
                    </tr>`;
                  })}`;
                })}
              </tbody>
            </table>
          </div>`
        : html`<p class="status">Nothing published for you in these four weeks yet.</p>`
    }
    ${await subscribeSection(db, actor, 'engineer')}`;
  return { title: 'My schedule', body, scripts: ['subscribe.js'] };
}
