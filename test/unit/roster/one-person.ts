import { checkRoster, type RosterProblem, type ShiftCover, type ShiftRequest } from '../../../solver/roster';
import type { Random } from '../../../solver/roster/random';

/** The two shift types of the one-person problems: a late may not be followed by an early. */
export const EARLY = { id: 'E', lengthMinutes: 480, forbiddenNext: [] as string[] };
export const LATE = { id: 'L', lengthMinutes: 600, forbiddenNext: ['E'] };

/** Random requests of person A and random E/L cover over `days` days. */
export function randomWishes(
  rng: Random,
  days: number,
): { requests: ShiftRequest[]; shiftCover: ShiftCover[] } {
  const requests = Array.from({ length: rng.int(0, 4) }, () => ({
    staff: 'A',
    day: rng.int(0, days - 1),
    shift: rng.next() < 0.5 ? 'E' : 'L',
    weight: rng.int(1, 3),
    kind: rng.next() < 0.5 ? ('on' as const) : ('off' as const),
  }));
  const shiftCover = ['E', 'L'].flatMap((shift) =>
    Array.from({ length: days }, (_, day) => ({
      day,
      shift,
      requirement: rng.int(0, 1),
      underWeight: rng.int(1, 100),
      overWeight: rng.int(0, 2),
    })),
  );
  return { requests, shiftCover };
}

/** Every row over E, L and days off of a one-person problem, with the checker's verdict and objective. */
export function bruteForce(p: RosterProblem): { best: number; feasibleRows: number } {
  const values = [null, 'E', 'L'] as const;
  let best = Infinity;
  let feasibleRows = 0;
  const row: Array<string | null> = new Array<string | null>(p.days).fill(null);
  const visit = (d: number): void => {
    if (d === p.days) {
      const check = checkRoster(p, [row]);
      if (check.feasible) {
        feasibleRows++;
        best = Math.min(best, check.evaluation.objective);
      }
      return;
    }
    for (const v of values) {
      row[d] = v;
      visit(d + 1);
    }
  };
  visit(0);
  return { best, feasibleRows };
}
