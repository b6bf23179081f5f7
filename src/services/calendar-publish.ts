import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { In, Not } from 'typeorm';
import {
  addDays,
  createGoogleCalendarPublisher,
  eventsFromPlan,
  eventsFromRoster,
  GooglePublishError,
  nextVersions,
  serviceAccountCredentials,
  type CalendarEvent,
  type CalendarPerson,
  type GoogleCredentials,
  type PlanBlockInput,
  type PlanCalendarInput,
  type PublishSummary,
  type PushRecord,
  type PushStateStore,
  type RosterCalendarInput,
  type VersionedEvent,
} from '../../calendars';
import type { Config } from '../config';
import {
  AgentEntity,
  CalendarSourceEntity,
  CustomerEntity,
  EngineerEntity,
  GooglePushStateEntity,
  OrganisationSettingsEntity,
  PlanEntity,
  PublishedEventEntity,
  RoadmapItemEntity,
  RosterEntity,
  RosterShiftEntity,
  ScheduledBlockEntity,
  ShiftTemplateEntity,
} from '../db/entities';
import type { Actor } from '../domain/actor';
import { ConflictError, NotFoundError } from '../domain/errors';
import type { JobQueue } from '../jobs/queue';
import { QUEUES } from '../jobs/queue';
import { audit } from './audit';

/** The calendar a set of stored events belongs to. */
export type FeedScope = 'engineer' | 'agent' | 'customer' | 'team';

/** `engineer:<id>`, `agent:<id>`, `customer:<id>` or `team`: the feedKey of stored events. */
export function feedKey(scope: FeedScope, scopeId: string | null): string {
  return scope === 'team' ? 'team' : `${scope}:${scopeId ?? ''}`;
}

/** A stored event: the versioned event plus the source (plan fortnight or roster period) it came from. */
type StoredEvent = VersionedEvent & { source: string };

/** How a refresh changed the stored events, summed over every calendar it touched. */
export interface RefreshSummary {
  source: string;
  refId: string;
  calendars: number;
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
}

/** A person whose events go to a Google calendar. */
export interface PersonRef {
  kind: 'engineer' | 'agent';
  id: string;
}

/** The published plan or roster a Google push was asked for (what the audit entries name). */
export interface GooglePublishSource {
  kind: 'plan' | 'roster';
  id: string;
}

/** One Google calendar's planned or performed changes. */
export interface GoogleCalendarResult {
  calendarId: string;
  /**
   * Everyone whose events the calendar receives: usually one person, several when people share a
   * calendar, none when the calendar is no longer anyone's (`retired`).
   */
  people: PersonRef[];
  /** The calendar's engineer (the first, if several share it); the field engineer-only clients read. */
  engineerId?: string;
  /** The calendar's agent (the first, if several share it). */
  agentId?: string;
  /**
   * No active person has this calendar any more (calendar id changed or cleared, person
   * deactivated): the push deletes the events Rota put there.
   */
  retired?: true;
  /**
   * The previous push to this calendar did not finish cleanly: the real push also lists the
   * calendar's Rota events, to delete any it left unrecorded (a dry run does not look).
   */
  reconcile?: true;
  create: { rotaId: string; title?: string }[];
  update: { rotaId: string; title?: string }[];
  delete: { rotaId: string }[];
  unchanged: number;
  created?: number;
  updated?: number;
  deleted?: number;
  retries?: number;
  failed?: { rotaId: string; operation: string; status?: number; message: string }[];
}

/** What `POST /plans/:id/publish/google` and `POST /rosters/:id/publish/google` answer. */
export type GooglePublishRequestResult = ({ planId: string } | { rosterId: string }) &
  (
    | { dryRun: true; calendars: GoogleCalendarResult[] }
    | { dryRun: false; jobId: string | null; calendars: number; result?: GoogleCalendarResult[] }
  );

/** One Google calendar and the people whose events it holds. */
interface GoogleTarget {
  calendarId: string;
  people: PersonRef[];
}

/** Minutes a review call lasts. */
const REVIEW_CALL_MINUTES = 30;
/** Serialises refreshes across processes (pg advisory lock key). */
const REFRESH_LOCK = 727_001;
/** Serialises Google pushes across processes (pg advisory lock key, held for a whole push). */
const GOOGLE_PUSH_LOCK = 727_002;

/**
 * Calendar use cases on the service side: builds neutral events from published plans and rosters,
 * keeps them versioned per calendar (feeds read them), and pushes engineers' and agents' events to
 * their Google calendars.
 */
export class CalendarService {
  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly logger: Logger,
    private readonly jobs: JobQueue | null = null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Rebuilds the stored events of a published plan's fortnight. Idempotent: unchanged events keep
   * their UID and SEQUENCE, moved ones get SEQUENCE+1, removed ones become CANCELLED.
   */
  async refreshFromPlan(planId: string): Promise<RefreshSummary> {
    const plan = await this.db.getRepository(PlanEntity).findOne({ where: { id: planId } });
    if (!plan) throw new NotFoundError(`plan ${planId} does not exist`);
    if (plan.status !== 'published') {
      throw new ConflictError(
        `only a published plan has calendar events (this one is ${plan.status})`,
        'not_published',
      );
    }
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK]);
      return this.rebuildPlan(m, plan);
    });
  }

  /** Rebuilds the stored events of a published roster's period (one event per shift). */
  async refreshFromRoster(rosterId: string): Promise<RefreshSummary> {
    const roster = await this.db.getRepository(RosterEntity).findOne({ where: { id: rosterId } });
    if (!roster) throw new NotFoundError(`roster ${rosterId} does not exist`);
    if (roster.status !== 'published') {
      throw new ConflictError(
        `only a published roster has calendar events (this one is ${roster.status})`,
        'not_published',
      );
    }
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK]);
      return this.rebuildRoster(m, roster);
    });
  }

  /**
   * Brings every source up to date with the plans and rosters published now: cheap when nothing
   * changed (one query), so feeds call it on every read and a publish never leaves a feed stale.
   */
  async ensureFresh(): Promise<void> {
    for (const stale of await this.staleSources(this.db.manager)) {
      try {
        await this.db.transaction(async (m) => {
          await m.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK]);
          // Another reader may have rebuilt it while this one waited for the lock.
          if (!(await this.staleSources(m)).some((s) => s.id === stale.id)) return;
          if (stale.kind === 'plan') {
            await this.rebuildPlan(m, await m.findOneOrFail(PlanEntity, { where: { id: stale.id } }));
          } else {
            await this.rebuildRoster(m, await m.findOneOrFail(RosterEntity, { where: { id: stale.id } }));
          }
        });
      } catch (err) {
        // One bad source must not take every feed down: they serve the events stored before.
        this.logger.error({ err, ...stale }, 'calendar refresh failed; feeds keep the previous events');
      }
    }
  }

  /** The versioned events of one calendar (cancelled ones included), in id order. */
  async storedEvents(key: string): Promise<VersionedEvent[]> {
    const rows = await this.db
      .getRepository(PublishedEventEntity)
      .find({ where: { feedKey: key }, order: { eventId: 'ASC' } });
    return rows.map((r) => withoutSource(r.event as unknown as StoredEvent));
  }

  /** Enqueues (or, without a queue, runs) the calendar job for a newly published plan. */
  async planPublished(planId: string): Promise<void> {
    if (this.jobs) await this.jobs.send(QUEUES.calendarPublish, { kind: 'refresh-plan', planId });
    else await this.refreshFromPlan(planId);
  }

  /**
   * Google push asked for from a published plan or roster. A push always brings every configured
   * calendar (engineers' and agents') up to date with everything currently published, so the plan
   * route and the roster route share one code path and neither can leave the other's events stale.
   * With `dryRun`, what would be created, updated and deleted per calendar (no Google call);
   * otherwise a `calendarPublish` job (run inline without a queue).
   */
  async requestGooglePublish(
    actor: Actor,
    source: GooglePublishSource,
    dryRun: boolean,
  ): Promise<GooglePublishRequestResult> {
    await this.assertPublished(source);
    this.credentials(); // fail now, with a clear message, rather than inside the job
    const ref = sourceRef(source);
    if (dryRun) {
      await this.refreshForPush(source);
      return { ...ref, dryRun: true, calendars: await this.publishToGoogle(true) };
    }
    const targets = await this.googleTargets();
    await this.db.transaction((m) =>
      audit(m, actor, 'calendar.google.request', source.kind, source.id, { calendars: targets.length }),
    );
    if (this.jobs) {
      const jobId = await this.jobs.send(QUEUES.calendarPublish, { kind: 'google', ...ref });
      return { ...ref, dryRun: false, jobId, calendars: targets.length };
    }
    const result = await this.runGooglePublish(source);
    return { ...ref, dryRun: false, jobId: null, calendars: targets.length, result };
  }

  /** The `calendarPublish` job: refresh a plan's or roster's events, or push to Google. */
  async runJob(data: Record<string, unknown>): Promise<void> {
    const kind = String(data['kind'] ?? '');
    if (kind === 'refresh-plan') await this.refreshFromPlan(String(data['planId']));
    else if (kind === 'refresh-roster') await this.refreshFromRoster(String(data['rosterId']));
    else if (kind === 'google') {
      // Jobs queued before roster pushes existed carry only a planId.
      const source: GooglePublishSource =
        typeof data['rosterId'] === 'string'
          ? { kind: 'roster', id: data['rosterId'] }
          : { kind: 'plan', id: String(data['planId']) };
      await this.runGooglePublish(source);
    } else this.logger.warn({ kind }, 'unknown calendar job ignored');
  }

  /**
   * Pushes every configured calendar. Safe to re-run: each accepted call is recorded at once, so a
   * run that stopped halfway finishes without duplicates, and the run after an unclean one also
   * lists the calendar to delete events a crash left unrecorded. Credential failures throw (the job
   * retries). One push at a time across processes: two at once would only race each other.
   */
  async runGooglePublish(source: GooglePublishSource): Promise<GoogleCalendarResult[]> {
    await this.refreshForPush(source);
    const results = await this.withPushLock(() => this.publishToGoogle(false));
    await this.db.transaction((m) =>
      audit(m, null, 'calendar.google.publish', source.kind, source.id, {
        calendars: results.map((r) => ({
          people: r.people,
          ...(r.engineerId ? { engineerId: r.engineerId } : {}),
          ...(r.agentId ? { agentId: r.agentId } : {}),
          ...(r.retired ? { retired: true } : {}),
          ...(r.reconcile ? { reconcile: true } : {}),
          created: r.created,
          updated: r.updated,
          deleted: r.deleted,
          unchanged: r.unchanged,
          retries: r.retries,
          failed: r.failed?.length ?? 0,
        })),
      }),
    );
    return results;
  }

  /**
   * Rebuilds the requested source (a rename since it was published shows), then anything else
   * published and not yet built: a push sends every person's current events. A source superseded
   * since the request needs nothing of its own; its successor is built by `ensureFresh`.
   */
  private async refreshForPush(source: GooglePublishSource): Promise<void> {
    if (source.kind === 'plan') {
      const plan = await this.db.getRepository(PlanEntity).findOne({ where: { id: source.id } });
      if (plan?.status === 'published') await this.refreshFromPlan(source.id);
    } else {
      const roster = await this.db.getRepository(RosterEntity).findOne({ where: { id: source.id } });
      if (roster?.status === 'published') await this.refreshFromRoster(source.id);
    }
    await this.ensureFresh();
  }

  private async publishToGoogle(dryRun: boolean): Promise<GoogleCalendarResult[]> {
    const store = new DatabasePushStateStore(this.db);
    const publisher = createGoogleCalendarPublisher({
      credentials: this.credentials(),
      store,
      now: this.now,
      rootUrl: this.config.GOOGLE_API_ROOT_URL,
      tokenUrl: this.config.GOOGLE_TOKEN_URL,
      fetchImplementation: fetch,
      logger: this.logger,
    });
    const results: GoogleCalendarResult[] = [];
    for (const target of await this.googleTargets()) {
      const { calendarId, people } = target;
      // People sharing a calendar get one publish of all their events: publishing them one by one
      // would make each delete the other's events (the calendar holds exactly what is published).
      const events: CalendarEvent[] = [];
      for (const person of people) events.push(...(await this.storedEvents(feedKey(person.kind, person.id))));
      const reconcile = dryRun ? await store.isUnfinished(calendarId) : await store.beginPush(calendarId);
      let summary: PublishSummary;
      try {
        summary = await publisher.publish(calendarId, events, { dryRun, reconcile: reconcile && !dryRun });
      } catch (error) {
        if (error instanceof GooglePublishError) {
          // The message names what failed (token endpoint, status), never the credentials.
          this.logger.error({ calendarId, people, status: error.status }, error.message);
        }
        throw error;
      }
      // A call that failed with no answer or a 5xx may still have landed: the calendar stays marked,
      // so the next push looks for what this one could not record.
      if (!dryRun && !summary.failed.some((f) => f.status === undefined || f.status >= 500))
        await store.finishPush(calendarId);
      results.push(calendarResult(target, summary, dryRun, reconcile));
    }
    return results;
  }

  /**
   * Every calendar to push: active engineers' and agents' (grouped by calendar id, engineers then
   * agents, by name), then calendars Rota has pushed to that are no longer anyone's, to be emptied.
   */
  private async googleTargets(): Promise<GoogleTarget[]> {
    const configured =
      'x."googleCalendarId" IS NOT NULL AND x."googleCalendarId" <> \'\' AND x.active = true';
    const engineers = await this.db
      .getRepository(EngineerEntity)
      .createQueryBuilder('x')
      .select(['x.id', 'x.googleCalendarId'])
      .where(configured)
      .orderBy('x.name', 'ASC')
      .addOrderBy('x.id', 'ASC')
      .getMany();
    const agents = await this.db
      .getRepository(AgentEntity)
      .createQueryBuilder('x')
      .select(['x.id', 'x.googleCalendarId'])
      .where(configured)
      .orderBy('x.name', 'ASC')
      .addOrderBy('x.id', 'ASC')
      .getMany();
    const targets = new Map<string, GoogleTarget>();
    const add = (calendarId: string, person: PersonRef) => {
      const target = targets.get(calendarId) ?? { calendarId, people: [] };
      target.people.push(person);
      targets.set(calendarId, target);
    };
    for (const e of engineers) add(e.googleCalendarId!, { kind: 'engineer', id: e.id });
    for (const a of agents) add(a.googleCalendarId!, { kind: 'agent', id: a.id });
    const pushed = (await this.db.query(
      `SELECT DISTINCT "calendarId" FROM google_push_state ORDER BY "calendarId"`,
    )) as { calendarId: string }[];
    const retired = pushed
      .filter((row) => !targets.has(row.calendarId))
      .map((row): GoogleTarget => ({ calendarId: row.calendarId, people: [] }));
    return [...targets.values(), ...retired];
  }

  /** Runs `fn` holding the Google push lock (a session lock: a crashed process lets go of it). */
  private async withPushLock<T>(fn: () => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [GOOGLE_PUSH_LOCK]);
      try {
        return await fn();
      } finally {
        // A failed unlock means the connection is gone, and the session's lock with it.
        await runner
          .query('SELECT pg_advisory_unlock($1)', [GOOGLE_PUSH_LOCK])
          .catch((err: unknown) => this.logger.warn({ err }, 'google push lock release failed'));
      }
    } finally {
      await runner.release();
    }
  }

  /** Google credentials from configuration; a ConflictError naming the settings when there are none. */
  credentials(): GoogleCredentials {
    const c = this.config;
    if (c.GOOGLE_CREDENTIALS_FILE) {
      let text: string;
      try {
        text = readFileSync(c.GOOGLE_CREDENTIALS_FILE, 'utf8');
      } catch {
        throw new ConflictError(
          'Google Calendar is not configured: the file GOOGLE_CREDENTIALS_FILE names cannot be read',
          'google_not_configured',
        );
      }
      try {
        return serviceAccountCredentials(text, c.GOOGLE_SUBJECT || undefined);
      } catch {
        // The parser's message may quote the file; say only what is wrong.
        throw new ConflictError(
          'Google Calendar is not configured: GOOGLE_CREDENTIALS_FILE is not a service-account key (JSON with client_email and private_key)',
          'google_not_configured',
        );
      }
    }
    if (c.GOOGLE_CLIENT_ID && c.GOOGLE_CLIENT_SECRET && c.GOOGLE_REFRESH_TOKEN) {
      return {
        type: 'oauth',
        clientId: c.GOOGLE_CLIENT_ID,
        clientSecret: c.GOOGLE_CLIENT_SECRET,
        refreshToken: c.GOOGLE_REFRESH_TOKEN,
      };
    }
    throw new ConflictError(
      'Google Calendar is not configured: set GOOGLE_CREDENTIALS_FILE (service account, optionally GOOGLE_SUBJECT) or GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_REFRESH_TOKEN',
      'google_not_configured',
    );
  }

  private async assertPublished(source: GooglePublishSource): Promise<void> {
    const row =
      source.kind === 'plan'
        ? await this.db.getRepository(PlanEntity).findOne({ where: { id: source.id } })
        : await this.db.getRepository(RosterEntity).findOne({ where: { id: source.id } });
    if (!row) throw new NotFoundError(`${source.kind} ${source.id} does not exist`);
    if (row.status !== 'published') {
      throw new ConflictError(
        `only a published ${source.kind} can be pushed to Google Calendar (this one is ${row.status})`,
        'not_published',
      );
    }
  }

  private async staleSources(m: EntityManager): Promise<{ kind: 'plan' | 'roster'; id: string }[]> {
    const rows = (await m.query(
      `SELECT 'plan' AS kind, p.id FROM plans p
         LEFT JOIN calendar_sources s ON s.source = 'plan:' || to_char(p."fortnightStart", 'YYYY-MM-DD')
        WHERE p.status = 'published' AND (s."refId" IS NULL OR s."refId" <> p.id)
       UNION ALL
       SELECT 'roster' AS kind, r.id FROM rosters r
         LEFT JOIN calendar_sources s ON s.source = 'roster:' || to_char(r."periodStart", 'YYYY-MM-DD')
        WHERE r.status = 'published' AND (s."refId" IS NULL OR s."refId" <> r.id)`,
    )) as { kind: 'plan' | 'roster'; id: string }[];
    return rows;
  }

  private async rebuildPlan(m: EntityManager, plan: PlanEntity): Promise<RefreshSummary> {
    const input = await this.planInput(m, plan);
    const personal = eventsFromPlan(input);
    const named = eventsFromPlan(input, { namesInTitles: true });
    return this.storeSource(
      m,
      `plan:${plan.fortnightStart}`,
      plan.id,
      calendarsOf(personal, named, 'engineer'),
    );
  }

  private async rebuildRoster(m: EntityManager, roster: RosterEntity): Promise<RefreshSummary> {
    const input = await this.rosterInput(m, roster);
    const personal = eventsFromRoster(input);
    const named = eventsFromRoster(input, { namesInTitles: true });
    return this.storeSource(
      m,
      `roster:${roster.periodStart}`,
      roster.id,
      calendarsOf(personal, named, 'agent'),
    );
  }

  /** Maps a published plan (blocks, P1 rota, review calls) to the calendars' neutral input. */
  private async planInput(m: EntityManager, plan: PlanEntity): Promise<PlanCalendarInput> {
    const settings = await m
      .getRepository(OrganisationSettingsEntity)
      .findOneOrFail({ where: {}, order: { createdAt: 'ASC' } });
    const blocks = await m.find(ScheduledBlockEntity, {
      where: { planId: plan.id },
      order: { startsAt: 'ASC' },
    });
    const rota = ((plan.result ?? {}) as { p1Rota?: { engineerId: string; date?: string }[] }).p1Rota ?? [];
    const engineerIds = [...new Set([...blocks.map((b) => b.engineerId), ...rota.map((r) => r.engineerId)])];
    const itemIds = [...new Set(blocks.map((b) => b.itemId))];
    // One after another: a transaction's queries share one connection.
    const engineers = engineerIds.length
      ? await m.find(EngineerEntity, { where: { id: In(engineerIds) } })
      : [];
    const items = itemIds.length ? await m.find(RoadmapItemEntity, { where: { id: In(itemIds) } }) : [];
    const customers = await m.find(CustomerEntity, { order: { name: 'ASC' } });
    const engineerById = new Map(engineers.map((e) => [e.id, e]));
    const itemById = new Map(items.map((i) => [i.id, i]));
    const customerById = new Map(customers.map((c) => [c.id, c]));
    const person = (id: string, zone: string): CalendarPerson => ({
      id,
      name: engineerById.get(id)?.name ?? 'Engineer',
      timeZone: engineerById.get(id)?.timeZone ?? zone,
    });

    const planBlocks: PlanBlockInput[] = [];
    for (const b of blocks) {
      const item = itemById.get(b.itemId);
      const customer = customerById.get(b.customerId);
      if (!item || !customer) continue; // deleted since the solve: nothing meaningful to show
      const why = [`rank ${item.rank} for ${customer.name}`];
      if (item.dueDate) why.push(`due ${item.dueDate}`);
      planBlocks.push({
        engineer: { ...person(b.engineerId, b.timeZone), timeZone: b.timeZone },
        customer: { id: customer.id, name: customer.name },
        item: {
          id: item.id,
          title: item.title,
          kind: item.kind,
          rank: item.rank,
          ...(item.dueDate ? { dueDate: item.dueDate } : {}),
        },
        date: b.date,
        localStart: b.localStart,
        localEnd: b.localEnd,
        whyHere: why,
      });
    }

    const p1Rota = rota
      .filter((r): r is { engineerId: string; date: string } => typeof r.date === 'string')
      .map((r) => {
        const weekday = DateTime.fromISO(r.date).weekday;
        const day = engineerById.get(r.engineerId)?.pattern.find((d) => d.weekday === weekday);
        return {
          date: r.date,
          engineer: person(r.engineerId, settings.timeZone),
          start: day?.start ?? settings.defaultWorkingDay.start,
          end: day?.end ?? settings.defaultWorkingDay.end,
        };
      });

    // One review call per active customer, on its review weekday in the fortnight's first week.
    const reviewCalls = customers
      .filter((c) => c.active)
      .map((c) => {
        const offset = (c.reviewWeekday - DateTime.fromISO(plan.fortnightStart).weekday + 7) % 7;
        const start = c.reviewTime;
        const end = DateTime.fromISO(`2000-01-01T${start}`)
          .plus({ minutes: REVIEW_CALL_MINUTES })
          .toFormat('HH:mm');
        return {
          customer: { id: c.id, name: c.name },
          date: addDays(plan.fortnightStart, offset),
          localStart: start,
          localEnd: end,
          timeZone: settings.timeZone,
        };
      });

    return {
      planId: plan.id,
      // The board of the fortnight, not of this plan: a plan id would change every description.
      planUrl: `${baseUrl(this.config)}/plans?fortnightStart=${plan.fortnightStart}`,
      fortnightStart: plan.fortnightStart,
      blocks: planBlocks,
      p1Rota,
      reviewCalls,
    };
  }

  private async rosterInput(m: EntityManager, roster: RosterEntity): Promise<RosterCalendarInput> {
    const shifts = await m.find(RosterShiftEntity, {
      where: { rosterId: roster.id },
      order: { startsAt: 'ASC' },
    });
    const agentIds = [...new Set(shifts.map((s) => s.agentId))];
    const templateIds = [...new Set(shifts.map((s) => s.templateId))];
    const agents = agentIds.length ? await m.find(AgentEntity, { where: { id: In(agentIds) } }) : [];
    const templates = templateIds.length
      ? await m.find(ShiftTemplateEntity, { where: { id: In(templateIds) } })
      : [];
    const agentById = new Map(agents.map((a) => [a.id, a]));
    const templateById = new Map(templates.map((t) => [t.id, t]));
    return {
      rosterId: roster.id,
      rosterUrl: `${baseUrl(this.config)}/rosters?periodStart=${roster.periodStart}`,
      shifts: shifts.map((s) => {
        const agent = agentById.get(s.agentId);
        // Local times from the stored instants: exact even on a clock-change day.
        const start = DateTime.fromJSDate(s.startsAt, { zone: s.timeZone }).toFormat('HH:mm');
        const end = DateTime.fromJSDate(s.endsAt, { zone: s.timeZone }).toFormat('HH:mm');
        return {
          agent: { id: s.agentId, name: agent?.name ?? 'Agent', timeZone: s.timeZone },
          date: s.date,
          template: { name: templateById.get(s.templateId)?.name ?? 'Shift', start, end },
          breaks: s.breaks ?? [],
          ...(agent ? { channels: agent.channels } : {}),
        };
      }),
    };
  }

  /**
   * Replaces the stored events of one source, calendar by calendar, with `nextVersions` of what was
   * there: the caller's transaction makes the swap atomic for readers.
   */
  private async storeSource(
    m: EntityManager,
    source: string,
    refId: string,
    wanted: Map<string, CalendarEvent[]>,
  ): Promise<RefreshSummary> {
    const rows = (await m.query(
      `SELECT "feedKey", "event" FROM calendar_published_events WHERE "event"->>'source' = $1`,
      [source],
    )) as { feedKey: string; event: StoredEvent }[];
    const previous = new Map<string, VersionedEvent[]>();
    for (const row of rows) {
      const list = previous.get(row.feedKey) ?? [];
      list.push(withoutSource(row.event));
      previous.set(row.feedKey, list);
    }
    const summary: RefreshSummary = {
      source,
      refId,
      calendars: 0,
      created: 0,
      updated: 0,
      cancelled: 0,
      unchanged: 0,
    };
    const inserts: { feedKey: string; eventId: string; event: object }[] = [];
    const now = this.now();
    for (const key of [...new Set([...previous.keys(), ...wanted.keys()])].sort()) {
      const { events, changes } = nextVersions(previous.get(key) ?? [], wanted.get(key) ?? [], { now });
      summary.calendars += 1;
      summary.created += changes.created.length + changes.restored.length;
      summary.updated += changes.updated.length;
      summary.cancelled += changes.cancelled.length;
      summary.unchanged += changes.unchanged.length;
      for (const event of events) {
        inserts.push({ feedKey: key, eventId: event.id, event: { ...event, source } });
      }
    }
    await m.query(`DELETE FROM calendar_published_events WHERE "event"->>'source' = $1`, [source]);
    for (let i = 0; i < inserts.length; i += 500)
      await m.insert(PublishedEventEntity, inserts.slice(i, i + 500) as never);
    await m.upsert(CalendarSourceEntity, { source, refId, refreshedAt: now }, ['source']);
    this.logger.info(summary, 'calendar events refreshed');
    return summary;
  }
}

/** The person, customer and team calendars of a set of events (team and customer feeds name people). */
function calendarsOf(
  personal: CalendarEvent[],
  named: CalendarEvent[],
  personScope: 'engineer' | 'agent',
): Map<string, CalendarEvent[]> {
  const out = new Map<string, CalendarEvent[]>();
  const add = (key: string, event: CalendarEvent) => {
    const list = out.get(key) ?? [];
    list.push(event);
    out.set(key, list);
  };
  for (const event of personal)
    if (event.audience?.personId) add(feedKey(personScope, event.audience.personId), event);
  for (const event of named) {
    add('team', event);
    if (event.audience?.customerId) add(feedKey('customer', event.audience.customerId), event);
  }
  return out;
}

/** `{ planId }` or `{ rosterId }`: how answers and job data name the source. */
function sourceRef(source: GooglePublishSource): { planId: string } | { rosterId: string } {
  return source.kind === 'plan' ? { planId: source.id } : { rosterId: source.id };
}

/** A publish summary as the API reports it for one calendar. */
function calendarResult(
  target: GoogleTarget,
  summary: PublishSummary,
  dryRun: boolean,
  reconcile: boolean,
): GoogleCalendarResult {
  const engineer = target.people.find((p) => p.kind === 'engineer');
  const agent = target.people.find((p) => p.kind === 'agent');
  const result: GoogleCalendarResult = {
    calendarId: target.calendarId,
    people: target.people,
    ...(engineer ? { engineerId: engineer.id } : {}),
    ...(agent ? { agentId: agent.id } : {}),
    ...(target.people.length === 0 ? { retired: true as const } : {}),
    ...(reconcile ? { reconcile: true as const } : {}),
    create: summary.plan.create.map((c) => ({ rotaId: c.rotaId, title: c.title })),
    update: summary.plan.update.map((c) => ({ rotaId: c.rotaId, title: c.title })),
    delete: summary.plan.delete.map((c) => ({ rotaId: c.rotaId })),
    unchanged: summary.unchanged,
  };
  if (!dryRun) {
    result.created = summary.created;
    result.updated = summary.updated;
    result.deleted = summary.deleted;
    result.retries = summary.retries;
    result.failed = summary.failed.map((f) => ({
      rotaId: f.rotaId,
      operation: f.operation,
      ...(f.status !== undefined ? { status: f.status } : {}),
      message: f.message,
    }));
  }
  return result;
}

function withoutSource(event: StoredEvent): VersionedEvent {
  const { source: _source, ...rest } = event;
  return rest;
}

function baseUrl(config: Config): string {
  return config.PUBLIC_BASE_URL.replace(/\/+$/, '');
}

/**
 * The `google_push_state` row that marks a push to a calendar as under way. Its event id cannot be
 * a Google one (those are base32hex), so it never meets a real record; `list` leaves it out.
 */
const UNFINISHED_PUSH = '~unfinished-push';

/**
 * The Google publisher's PushStateStore on the database: one row per pushed event, plus a marker
 * row per calendar while a push to it is under way (still there after a crash).
 */
export class DatabasePushStateStore implements PushStateStore {
  constructor(private readonly db: DataSource) {}

  async list(calendarId: string): Promise<PushRecord[]> {
    const rows = await this.db
      .getRepository(GooglePushStateEntity)
      .find({ where: { calendarId, eventId: Not(UNFINISHED_PUSH) } });
    return rows.map(({ calendarId: c, eventId, rotaId, hash }) => ({ calendarId: c, eventId, rotaId, hash }));
  }

  async upsert(record: PushRecord): Promise<void> {
    await this.db
      .getRepository(GooglePushStateEntity)
      .upsert({ ...record, updatedAt: new Date() }, ['calendarId', 'eventId']);
  }

  async remove(calendarId: string, eventId: string): Promise<void> {
    await this.db.getRepository(GooglePushStateEntity).delete({ calendarId, eventId });
  }

  /** True when the last push to the calendar started and never finished cleanly. */
  isUnfinished(calendarId: string): Promise<boolean> {
    return this.db
      .getRepository(GooglePushStateEntity)
      .exists({ where: { calendarId, eventId: UNFINISHED_PUSH } });
  }

  /**
   * Marks a push to the calendar as under way; answers whether the previous one was unfinished.
   * Callers hold the push lock, so reading then writing the marker cannot race another push.
   */
  async beginPush(calendarId: string): Promise<boolean> {
    const unfinished = await this.isUnfinished(calendarId);
    await this.upsert({ calendarId, eventId: UNFINISHED_PUSH, rotaId: '', hash: '' });
    return unfinished;
  }

  /** The push to the calendar finished with nothing left in doubt. */
  async finishPush(calendarId: string): Promise<void> {
    await this.remove(calendarId, UNFINISHED_PUSH);
  }
}
