import { idPart, localSpan, type CalendarEvent } from './event';
import { ordinals, sentence, whySection, type CalendarPerson } from './from-plan';

/** A shift template as the calendars see it. */
export interface ShiftTemplateInput {
  name: string;
  /** Local `HH:mm`; an end at or before the start crosses midnight. */
  start: string;
  end: string;
}

/** One rostered shift. */
export interface RosterShiftInput {
  /**
   * Optional caller-chosen stable key. Without it the id is derived from agent, date and the
   * shift's ordinal that day (not the template, so a changed shift keeps its UID).
   */
  key?: string;
  agent: CalendarPerson;
  /** Local date the shift starts on, `YYYY-MM-DD` in the agent's zone. */
  date: string;
  template: ShiftTemplateInput;
  /** Unpaid breaks, local `HH:mm`. */
  breaks: { start: string; end: string }[];
  /** Channels the agent covers on this shift (phone, chat, …), if known. */
  channels?: string[];
  /** Why the roster put the agent here, in words. */
  whyHere?: string[];
}

/** A published roster, in the neutral shape calendars accept. */
export interface RosterCalendarInput {
  rosterId: string;
  /** Link back to the roster ("my shifts" page); every description ends with it. */
  rosterUrl: string;
  shifts: RosterShiftInput[];
}

/** Presentation options for the roster's events. */
export interface RosterEventOptions {
  /** Prefix titles with the agent's name (for the team feed). Default false. */
  namesInTitles?: boolean;
}

/**
 * Converts a published roster into one event per shift. Id: `shift:<key>` or
 * `shift:<agentId>:<date>:<n>` (n = ordinal of the agent's shifts that day by start time); the
 * roster id is never part of it, so republishing keeps UIDs, and a changed template on the same day
 * is an update (SEQUENCE+1) rather than a cancel plus a create.
 */
export function eventsFromRoster(
  roster: RosterCalendarInput,
  options: RosterEventOptions = {},
): CalendarEvent[] {
  const shiftOrdinals = ordinals(
    roster.shifts,
    (s) => `${s.agent.id}\u0000${s.date}`,
    (s) => s.template.start,
  );
  return roster.shifts.map((shift, index) => {
    const id = shift.key
      ? `shift:${idPart(shift.key)}`
      : `shift:${idPart(shift.agent.id)}:${shift.date}:${shiftOrdinals[index]}`;
    const span = localSpan(shift.date, shift.template.start, shift.template.end);
    const { agent, template } = shift;
    const hours = `${template.start}–${template.end}`;
    const title = `${template.name} shift ${hours}`;
    const lines = [
      `Shift: ${template.name}, ${shift.date} ${hours} ${agent.timeZone}${span.end.slice(0, 10) !== shift.date ? ' (ends the next day)' : ''}.`,
      sentence(`Agent: ${agent.name}`),
    ];
    if (shift.channels && shift.channels.length > 0) lines.push(`Channels: ${shift.channels.join(', ')}.`);
    lines.push(
      shift.breaks.length > 0
        ? `Breaks: ${shift.breaks.map((b) => `${b.start}–${b.end}`).join(', ')}.`
        : 'Breaks: none.',
    );
    lines.push(...whySection(shift.whyHere ?? []), '', `Roster: ${roster.rosterUrl}`);
    return {
      id,
      title: options.namesInTitles ? `${agent.name} · ${title}` : title,
      start: span.start,
      end: span.end,
      timeZone: agent.timeZone,
      url: roster.rosterUrl,
      description: lines.join('\n'),
      category: 'shift',
      status: 'confirmed',
      colorHint: 'shift',
      audience: { personId: agent.id },
    };
  });
}
