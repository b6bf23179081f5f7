import type { Role } from '../db/entities/access';

/** Who is calling: resolved from a bearer token or a session, passed to every use case. */
export interface Actor {
  userId: string;
  name: string;
  role: Role;
  engineerId: string | null;
  agentId: string | null;
}

/** Only directors and admins see money: cost rates, fees, rates, revenue, margins. */
export function seesMoney(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'director';
}
