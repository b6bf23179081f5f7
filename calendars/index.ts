/**
 * Rota calendars: neutral events from published plans and rosters, versioned for republishing,
 * rendered as iCal feeds or pushed to Google Calendar. Never imports src/ or solver/.
 */
export * from './event';
export * from './from-plan';
export * from './from-roster';
export * from './versioning';
export * from './vtimezone';
export * from './ical';
export * from './google';
export type { CalendarLogger } from './logger';
export { silentLogger } from './logger';
export { canonicalJson } from './hash';
