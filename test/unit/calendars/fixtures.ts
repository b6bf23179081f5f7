import type { CalendarPerson, PlanCalendarInput, RosterCalendarInput } from '../../../calendars';

/** Deterministic plan and roster inputs for the calendars tests (fortnight spans the 2026-03-29 clock change). */
export const ana: CalendarPerson = { id: 'eng-ana', name: 'Ana Silva', timeZone: 'Europe/London' };
export const ben: CalendarPerson = { id: 'eng-ben', name: 'Ben Okafor', timeZone: 'Europe/London' };
export const acme = { id: 'cust-acme', name: 'Acme' };
export const globex = { id: 'cust-globex', name: 'Globex, Inc.' };

const WORKDAYS = [
  '2026-03-23',
  '2026-03-24',
  '2026-03-25',
  '2026-03-26',
  '2026-03-27',
  '2026-03-30',
  '2026-03-31',
  '2026-04-01',
  '2026-04-02',
  '2026-04-03',
];

/** Ana: mornings on an Acme feature, afternoons on a Globex tech-debt item; Ben: P1 on Mondays. */
export function planFixture(): PlanCalendarInput {
  const blocks: PlanCalendarInput['blocks'] = [];
  for (const date of WORKDAYS) {
    blocks.push({
      engineer: ana,
      customer: acme,
      item: {
        id: 'item-42',
        title: 'Migrate billing to Postgres 16',
        kind: 'feature',
        rank: 2,
        dueDate: '2026-04-02',
      },
      date,
      localStart: '09:30',
      localEnd: '12:30',
      whyHere: ['rank 2 for Acme', 'due 2026-04-02', 'Ben and Cai lack the postgres skill'],
    });
    blocks.push({
      engineer: ana,
      customer: globex,
      item: { id: 'item-7', title: 'Remove legacy cron; jobs, queues', kind: 'techdebt', rank: 1 },
      date,
      localStart: '13:30',
      localEnd: '17:30',
      whyHere: ['Globex needs 20% tech debt', 'Ana already knows Globex'],
    });
  }
  return {
    planId: 'plan-2026-03-23-v3',
    planUrl: 'https://rota.example.com/plans/2026-03-23',
    fortnightStart: '2026-03-23',
    blocks,
    p1Rota: [
      { date: '2026-03-23', engineer: ben, start: '09:30', end: '17:30' },
      { date: '2026-03-30', engineer: ben, start: '09:30', end: '17:30' },
    ],
    reviewCalls: [
      {
        customer: globex,
        date: '2026-04-02',
        localStart: '10:00',
        localEnd: '10:45',
        timeZone: 'America/New_York',
        link: 'https://meet.example.com/globex-review',
      },
    ],
  };
}

export const priya: CalendarPerson = { id: 'agent-priya', name: 'Priya Nair', timeZone: 'Asia/Kolkata' };
export const sam: CalendarPerson = { id: 'agent-sam', name: 'Sam Reid', timeZone: 'Europe/London' };

/** Priya on nights in Kolkata (crossing midnight), Sam on earlies in London across the clock change. */
export function rosterFixture(): RosterCalendarInput {
  const shifts: RosterCalendarInput['shifts'] = [];
  for (const date of ['2026-03-27', '2026-03-28', '2026-03-29']) {
    shifts.push({
      agent: priya,
      date,
      template: { name: 'Night', start: '22:00', end: '06:00' },
      breaks: [{ start: '02:00', end: '02:30' }],
      channels: ['phone', 'chat'],
    });
    shifts.push({
      agent: sam,
      date,
      template: { name: 'Early', start: '06:00', end: '14:00' },
      breaks: [{ start: '10:00', end: '10:30' }],
      channels: ['email'],
      whyHere: ['email backlog peaks on weekend mornings'],
    });
  }
  return { rosterId: 'roster-2026-w13', rosterUrl: 'https://rota.example.com/my-shifts', shifts };
}

/**
 * Sam's week 43 of 2026, over the London fall-back change (Sunday 25 October, 02:00 BST → 01:00
 * GMT): two earlies, then a Saturday night that ends after the clocks went back (9 hours long).
 */
export function agentWeekFixture(): RosterCalendarInput {
  const early = { name: 'Early', start: '06:00', end: '14:00' };
  return {
    rosterId: 'roster-2026-w43',
    rosterUrl: 'https://rota.example.com/my-shifts',
    shifts: [
      { agent: sam, date: '2026-10-19', template: early, breaks: [{ start: '10:00', end: '10:30' }] },
      { agent: sam, date: '2026-10-20', template: early, breaks: [{ start: '10:00', end: '10:30' }] },
      {
        agent: sam,
        date: '2026-10-24',
        template: { name: 'Night', start: '22:00', end: '06:00' },
        breaks: [{ start: '02:00', end: '02:30' }],
        channels: ['phone'],
        whyHere: ['Saturday night phone cover'],
      },
    ],
  };
}
