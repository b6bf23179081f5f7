import { idPart, localSpan, type CalendarEvent } from './event';

/** A person as the calendars see them. */
export interface CalendarPerson {
  id: string;
  name: string;
  /** IANA zone the person works in; their events are written in it. */
  timeZone: string;
}

/** A customer as the calendars see it. */
export interface CalendarCustomer {
  id: string;
  name: string;
}

/** A roadmap item as the calendars see it. */
export interface CalendarItem {
  id: string;
  title: string;
  kind: 'feature' | 'improvement' | 'bugfix' | 'techdebt';
  /** Rank within its customer's roadmap (1 = next). */
  rank: number;
  /** Local date `YYYY-MM-DD`. */
  dueDate?: string;
}

/** One scheduled development block of a published plan. */
export interface PlanBlockInput {
  /**
   * Optional caller-chosen stable key (e.g. the item chunk's id). Without it the event id is
   * derived from engineer, item, date and the block's ordinal among that item's blocks that day.
   */
  key?: string;
  engineer: CalendarPerson;
  customer: CalendarCustomer;
  item: CalendarItem;
  /** Local date `YYYY-MM-DD` in the engineer's zone. */
  date: string;
  /** Local `HH:mm` in the engineer's zone. */
  localStart: string;
  localEnd: string;
  /** Why the planner put the block here, in words ('rank 2 for Acme', 'due 2026-04-02'). */
  whyHere: string[];
}

/** One P1-responder day. */
export interface P1RotaInput {
  key?: string;
  /** Local date `YYYY-MM-DD`. */
  date: string;
  engineer: CalendarPerson;
  /** Local `HH:mm` in the engineer's zone: the hours the responder is on call. */
  start: string;
  end: string;
}

/** One customer review call. */
export interface ReviewCallInput {
  key?: string;
  customer: CalendarCustomer;
  date: string;
  localStart: string;
  localEnd: string;
  /** The zone the call was agreed in (usually the organisation's or the customer's). */
  timeZone: string;
  /** Meeting link. */
  link?: string;
  /** Who runs the call (the support rep), if known; the event then also lands in their feed. */
  host?: CalendarPerson;
}

/** A published fortnight plan, in the neutral shape calendars accept (the service maps to it). */
export interface PlanCalendarInput {
  planId: string;
  /** Link back to the plan board; every description ends with it. */
  planUrl: string;
  /** Local date `YYYY-MM-DD` of the fortnight's first day. */
  fortnightStart: string;
  blocks: PlanBlockInput[];
  p1Rota: P1RotaInput[];
  reviewCalls: ReviewCallInput[];
}

/** Presentation options for the plan's events. */
export interface PlanEventOptions {
  /** Prefix titles with the person's name (for team and customer feeds). Default false. */
  namesInTitles?: boolean;
}

const KIND_LABEL: Record<CalendarItem['kind'], string> = {
  feature: 'Feature',
  improvement: 'Improvement',
  bugfix: 'Bug fix',
  techdebt: 'Tech debt',
};

/**
 * Converts a published plan into events: one per development block, per P1-responder day and per
 * review call. Ids never include `planId`, so republishing a plan for the same fortnight keeps
 * each block's UID:
 * - block: `block:<key>` or `block:<engineerId>:<itemId>:<date>:<n>`, n = 1-based ordinal of that
 *   item's blocks for that engineer that day, ordered by start time; moving a block within its day
 *   keeps its id, moving it to another day is a cancel plus a create unless the caller's `key` is
 *   stable across days;
 * - P1 day: `p1:<key>` or `p1:<engineerId>:<date>`;
 * - review call: `review:<key>` or `review:<customerId>:<date>:<n>`.
 */
export function eventsFromPlan(plan: PlanCalendarInput, options: PlanEventOptions = {}): CalendarEvent[] {
  const events: CalendarEvent[] = [];
  const blockOrdinals = ordinals(
    plan.blocks,
    (b) => `${b.engineer.id}\u0000${b.item.id}\u0000${b.date}`,
    (b) => b.localStart,
  );
  plan.blocks.forEach((block, index) => {
    const id = block.key
      ? `block:${idPart(block.key)}`
      : `block:${idPart(block.engineer.id)}:${idPart(block.item.id)}:${block.date}:${blockOrdinals[index]}`;
    events.push(blockEvent(plan, block, id, options));
  });
  for (const duty of plan.p1Rota) {
    const id = duty.key ? `p1:${idPart(duty.key)}` : `p1:${idPart(duty.engineer.id)}:${duty.date}`;
    events.push(p1Event(plan, duty, id, options));
  }
  const callOrdinals = ordinals(
    plan.reviewCalls,
    (c) => `${c.customer.id}\u0000${c.date}`,
    (c) => c.localStart,
  );
  plan.reviewCalls.forEach((call, index) => {
    const id = call.key
      ? `review:${idPart(call.key)}`
      : `review:${idPart(call.customer.id)}:${call.date}:${callOrdinals[index]}`;
    events.push(reviewEvent(plan, call, id));
  });
  return events;
}

function blockEvent(
  plan: PlanCalendarInput,
  block: PlanBlockInput,
  id: string,
  options: PlanEventOptions,
): CalendarEvent {
  const span = localSpan(block.date, block.localStart, block.localEnd);
  const { item, customer, engineer } = block;
  const kind = KIND_LABEL[item.kind];
  const title = `${customer.name}: ${item.title}`;
  const facts = [`rank ${item.rank} for ${customer.name}`];
  if (item.dueDate) facts.push(`due ${item.dueDate}`);
  const lines = [
    sentence(`Development block: ${kind.toLowerCase()} for ${customer.name}`),
    `Item: ${item.title} (${kind}, ${facts.join(', ')}).`,
    `Engineer: ${engineer.name}, ${block.localStart}–${block.localEnd} ${engineer.timeZone}.`,
    ...whySection(block.whyHere),
    '',
    `Plan for the fortnight from ${plan.fortnightStart}: ${plan.planUrl}`,
  ];
  return {
    id,
    title: options.namesInTitles ? `${engineer.name} · ${title}` : title,
    start: span.start,
    end: span.end,
    timeZone: engineer.timeZone,
    url: plan.planUrl,
    description: lines.join('\n'),
    category: 'development',
    status: 'confirmed',
    colorHint: item.kind,
    audience: { personId: engineer.id, customerId: customer.id },
  };
}

function p1Event(
  plan: PlanCalendarInput,
  duty: P1RotaInput,
  id: string,
  options: PlanEventOptions,
): CalendarEvent {
  const span = localSpan(duty.date, duty.start, duty.end);
  const title = 'P1 responder';
  const lines = [
    `P1 responder for ${duty.date}: ${duty.engineer.name}, ${duty.start}–${duty.end} ${duty.engineer.timeZone}.`,
    'Only P1 incidents may interrupt scheduled work; planned development hours today are reduced by the P1 buffer.',
    '',
    `Plan for the fortnight from ${plan.fortnightStart}: ${plan.planUrl}`,
  ];
  return {
    id,
    title: options.namesInTitles ? `${duty.engineer.name} · ${title}` : title,
    start: span.start,
    end: span.end,
    timeZone: duty.engineer.timeZone,
    url: plan.planUrl,
    description: lines.join('\n'),
    category: 'p1-responder',
    status: 'confirmed',
    colorHint: 'p1',
    audience: { personId: duty.engineer.id },
  };
}

function reviewEvent(plan: PlanCalendarInput, call: ReviewCallInput, id: string): CalendarEvent {
  const span = localSpan(call.date, call.localStart, call.localEnd);
  const lines = [
    `Fortnightly review call with ${call.customer.name}: what will be delivered in the fortnight from ${plan.fortnightStart} and how sure we are.`,
  ];
  if (call.host) lines.push(sentence(`Host: ${call.host.name}`));
  if (call.link) lines.push(`Join: ${call.link}`);
  lines.push('', `Plan for the fortnight from ${plan.fortnightStart}: ${plan.planUrl}`);
  const event: CalendarEvent = {
    id,
    title: `Review call: ${call.customer.name}`,
    start: span.start,
    end: span.end,
    timeZone: call.timeZone,
    url: plan.planUrl,
    description: lines.join('\n'),
    category: 'review-call',
    status: 'confirmed',
    colorHint: 'review',
    audience: call.host
      ? { personId: call.host.id, customerId: call.customer.id }
      : { customerId: call.customer.id },
  };
  if (call.link) event.location = call.link;
  return event;
}

/** Ends text with one full stop ('Globex, Inc.' stays as it is). */
export function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The "Why here" lines of a description; empty when the planner gave no reasons. */
export function whySection(reasons: readonly string[]): string[] {
  if (reasons.length === 0) return [];
  return ['Why here:', ...reasons.map((reason) => `- ${reason}`)];
}

/**
 * 1-based ordinal of each element within its group, ordered by `order` then input position, so the
 * numbering does not depend on the order the caller listed things in.
 */
export function ordinals<T>(
  items: readonly T[],
  group: (item: T) => string,
  order: (item: T) => string,
): number[] {
  const byGroup = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = group(item);
    const list = byGroup.get(key) ?? [];
    list.push(index);
    byGroup.set(key, list);
  });
  const result = new Array<number>(items.length).fill(0);
  for (const indices of byGroup.values()) {
    const sorted = [...indices].sort((a, b) => {
      const ka = order(items[a] as T);
      const kb = order(items[b] as T);
      return ka < kb ? -1 : ka > kb ? 1 : a - b;
    });
    sorted.forEach((index, position) => {
      result[index] = position + 1;
    });
  }
  return result;
}
