import { dates, horizon, localOf, toMinutes } from '../../src/domain/time';

describe('local time ↔ solver minutes', () => {
  it('keeps 09:30 London at 09:30 across the spring-forward change (29 March 2026)', () => {
    const h = horizon('2026-03-23', 'Europe/London');
    const before = toMinutes(h, '2026-03-27', '09:30', 'Europe/London');
    const after = toMinutes(h, '2026-03-30', '09:30', 'Europe/London');
    // Three calendar days but one hour fewer in between: the clock went forward.
    expect(after - before).toBe(3 * 1440 - 60);
    expect(localOf(h, after, 'Europe/London')).toEqual({ date: '2026-03-30', time: '09:30' });
    expect(new Date(h.startMs + after * 60000).toISOString()).toBe('2026-03-30T08:30:00.000Z');
  });

  it('keeps 09:30 London at 09:30 across the fall-back change (25 October 2026)', () => {
    const h = horizon('2026-10-19', 'Europe/London');
    const before = toMinutes(h, '2026-10-23', '09:30', 'Europe/London');
    const after = toMinutes(h, '2026-10-26', '09:30', 'Europe/London');
    expect(after - before).toBe(3 * 1440 + 60);
    expect(localOf(h, after, 'Europe/London').time).toBe('09:30');
  });

  it('handles a half-hour zone and an engineer in another zone than the organisation', () => {
    const h = horizon('2026-03-23', 'Europe/London');
    const m = toMinutes(h, '2026-03-30', '10:00', 'Asia/Kolkata');
    expect(localOf(h, m, 'Asia/Kolkata')).toEqual({ date: '2026-03-30', time: '10:00' });
    expect(localOf(h, m, 'Europe/London')).toEqual({ date: '2026-03-30', time: '05:30' });
  });

  it('lists the fortnight dates', () => {
    expect(dates('2026-03-23', 14)).toHaveLength(14);
    expect(dates('2026-03-23', 14)[13]).toBe('2026-04-05');
  });
});
