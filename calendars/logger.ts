/**
 * The logging the calendars library needs; pino loggers satisfy it as they are
 * (`logger.warn({ attempt }, 'retrying')`).
 */
export interface CalendarLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** A logger that drops everything (the default when the caller passes none). */
export const silentLogger: CalendarLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};
