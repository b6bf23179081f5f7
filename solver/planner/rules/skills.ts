import type { PlanEngineer } from '../problem';
import type { PlanUnit } from '../units';
import type { PlanRule } from './types';

/** Whether the engineer has every skill the unit needs. */
export function hasSkills(engineer: PlanEngineer, unit: Pick<PlanUnit, 'skills'>): boolean {
  return unit.skills.every((s) => engineer.skills.includes(s));
}

/**
 * Required skills. Enforced by column pruning in the context: no assignment variable exists for
 * an engineer lacking a skill (pins to such an engineer are reported, not honoured), so the
 * model itself needs nothing here.
 */
export const requiredSkills: PlanRule = {
  name: 'items go only to engineers with the required skills',
  apply() {},
};
