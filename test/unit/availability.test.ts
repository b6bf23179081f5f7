import { dayWindows, minutesIn } from '../../src/domain/availability';

const NINE_TO_FIVE = { weekday: 1, start: '09:00', end: '17:30', breakMinutes: 30 };
const at = (h: number, m = 0) => h * 60 + m;

describe('dayWindows', () => {
  it('takes the break at the organisation’s lunch time when it falls inside the day', () => {
    const { windows, lost } = dayWindows(NINE_TO_FIVE, '2026-03-23', [], at(12, 30));
    expect(windows).toEqual([
      { start: at(9), end: at(12, 30) },
      { start: at(13), end: at(17, 30) },
    ]);
    expect(minutesIn(windows)).toBe(8 * 60);
    expect(lost).toEqual([]);
  });

  it('takes it mid-day when lunch time falls outside the day', () => {
    const short = { weekday: 1, start: '14:00', end: '18:30', breakMinutes: 30 };
    const { windows } = dayWindows(short, '2026-03-23', [], at(12, 30));
    expect(windows).toEqual([
      { start: at(14), end: at(16) },
      { start: at(16, 30), end: at(18, 30) },
    ]);
  });

  it('removes absences and says what each one took, lunch not counted twice', () => {
    const dentist = { startDate: '2026-03-23', endDate: '2026-03-23', startTime: '12:00', endTime: '14:00' };
    const elsewhere = { startDate: '2026-03-24', endDate: '2026-03-27', startTime: null, endTime: null };
    const { windows, lost } = dayWindows(NINE_TO_FIVE, '2026-03-23', [dentist, elsewhere], at(12, 30));
    expect(minutesIn(windows)).toBe(8 * 60 - 90);
    expect(lost).toEqual([{ absence: dentist, minutes: 90 }]);
    const leave = dayWindows(NINE_TO_FIVE, '2026-03-25', [dentist, elsewhere], at(12, 30));
    expect(leave.windows).toEqual([]);
    expect(leave.lost).toEqual([{ absence: elsewhere, minutes: 8 * 60 }]);
  });
});
