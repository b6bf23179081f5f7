import { buildRosterModel } from '../../../solver/roster/model';
import { HighsSession } from '../../../solver/roster/session';
import { curtois } from './helpers';

describe('HiGHS session: stopping a stalled branch-and-bound', () => {
  // Instance 5's root bound is far below its optimum, so the solve never closes in 2 s.
  const problem = curtois(5);
  const rm = buildRosterModel(problem);
  let session: HighsSession;
  beforeAll(async () => {
    session = await HighsSession.open(rm.model, 1);
  });
  afterAll(() => session.dispose());

  test('an incumbent that does not improve while the gap is open stops the solve with it', () => {
    const r = session.solve({ timeLimitSeconds: 2, relativeGap: 1e-4, stallSeconds: 0, stallGap: 0 });
    expect(r.status).toBe('interrupted');
    expect(r.values).not.toBeNull();
    expect(r.objective).not.toBeNull();
  });

  test('a solve whose gap is within the stall gap goes on to its time limit', () => {
    const r = session.solve({ timeLimitSeconds: 2, relativeGap: 1e-4, stallSeconds: 0, stallGap: 1 });
    expect(r.status).toBe('time_limit');
    expect(r.values).not.toBeNull();
  });
});
