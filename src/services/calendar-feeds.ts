import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { IsNull } from 'typeorm';
import { renderCalendar } from '../../calendars';
import type { Config } from '../config';
import {
  AgentEntity,
  CalendarFeedTokenEntity,
  CustomerEntity,
  EngineerEntity,
  OrganisationSettingsEntity,
} from '../db/entities';
import type { Actor } from '../domain/actor';
import { DomainValidationError, ForbiddenError, NotFoundError } from '../domain/errors';
import { hashToken, newToken, sameDigest } from '../domain/secrets';
import { audit } from './audit';
import { feedKey, type CalendarService, type FeedScope } from './calendar-publish';

export interface CreateFeedInput {
  scope: FeedScope;
  scopeId?: string | null;
  label: string;
}

/** A feed as listed: never the token or its hash. */
export interface FeedView {
  id: string;
  scope: FeedScope;
  scopeId: string | null;
  label: string;
  ownerUserId: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** A new feed: the token and its links are shown once. */
export interface CreatedFeed extends FeedView {
  token: string;
  url: string;
  webcalUrl: string;
}

/** A rendered feed, with what HTTP caching needs. */
export interface RenderedFeed {
  body: string;
  /** Strong ETag, quoted. */
  etag: string;
  lastModified: Date;
}

/** How often calendar clients should refetch, in minutes (REFRESH-INTERVAL). */
export const FEED_REFRESH_MINUTES = 60;
const FEED_TOKEN = /^feed_[A-Za-z0-9_-]{43}$/;

/**
 * iCal feeds at unguessable, revocable token URLs (calendar clients send no auth header). Tokens
 * carry 256 random bits and are stored only as SHA-256 digests.
 */
export class CalendarFeedService {
  constructor(
    private readonly db: DataSource,
    private readonly config: Config,
    private readonly calendars: CalendarService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * Engineers and agents may create feeds of their own calendar only; reps and directors customer
   * and team feeds; admins any feed.
   */
  async create(actor: Actor, input: CreateFeedInput): Promise<CreatedFeed> {
    const scopeId = await this.resolveScope(actor, input);
    return this.db.transaction(async (m) => {
      const token = newToken('feed');
      const row = await m.save(
        m.create(CalendarFeedTokenEntity, {
          tokenHash: hashToken(token),
          scope: input.scope,
          scopeId,
          label: input.label,
          ownerUserId: actor.userId,
        }),
      );
      await audit(m, actor, 'calendar_feed.create', 'calendar_feed', row.id, { scope: input.scope, scopeId });
      const url = `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/feeds/${token}.ics`;
      return { ...view(row), token, url, webcalUrl: url.replace(/^https?:/, 'webcal:') };
    });
  }

  /** Admins see every feed, everyone else their own. */
  async list(actor: Actor): Promise<FeedView[]> {
    const rows = await this.db.getRepository(CalendarFeedTokenEntity).find({
      where: actor.role === 'admin' ? {} : { ownerUserId: actor.userId },
      order: { createdAt: 'DESC' },
    });
    return rows.map(view);
  }

  /** Revokes a feed (owner or admin); another user's feed is reported as not found. */
  async revoke(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (m) => {
      const row = await m.findOne(CalendarFeedTokenEntity, { where: { id } });
      if (!row || (actor.role !== 'admin' && row.ownerUserId !== actor.userId))
        throw new NotFoundError(`calendar feed ${id} does not exist`);
      if (!row.revokedAt) await m.update(CalendarFeedTokenEntity, id, { revokedAt: this.now() });
      await audit(m, actor, 'calendar_feed.revoke', 'calendar_feed', id, { scope: row.scope });
    });
  }

  /** The feed behind a token, rendered; null for a malformed, unknown or revoked token. */
  async render(token: string): Promise<RenderedFeed | null> {
    if (!FEED_TOKEN.test(token)) return null;
    const digest = hashToken(token);
    const feed = await this.db
      .getRepository(CalendarFeedTokenEntity)
      .findOne({ where: { tokenHash: digest, revokedAt: IsNull() } });
    if (!feed || !sameDigest(feed.tokenHash, digest)) return null;
    await this.calendars.ensureFresh();
    const events = await this.calendars.storedEvents(feedKey(feed.scope, feed.scopeId));
    const name = await this.feedName(feed);
    const body = renderCalendar({
      name: `Rota: ${name}`,
      description: `Rota ${feed.scope === 'team' ? 'team' : feed.scope} calendar: ${name}`,
      refreshMinutes: FEED_REFRESH_MINUTES,
      events,
      now: this.now(),
    });
    let lastModified = feed.createdAt.getTime();
    for (const event of events) lastModified = Math.max(lastModified, Date.parse(event.updatedAt));
    // HTTP dates have whole seconds; round down so If-Modified-Since comparisons behave.
    lastModified = Math.floor(lastModified / 1000) * 1000;
    return {
      body,
      etag: `"${createHash('sha256').update(body, 'utf8').digest('base64url')}"`,
      lastModified: new Date(lastModified),
    };
  }

  private async resolveScope(actor: Actor, input: CreateFeedInput): Promise<string | null> {
    const given = input.scopeId ?? null;
    if (input.scope === 'team') {
      if (given !== null) {
        throw new DomainValidationError('a team feed has no scopeId', [
          { path: 'body.scopeId', message: 'omit it for scope team' },
        ]);
      }
    }
    const own =
      input.scope === 'engineer' ? actor.engineerId : input.scope === 'agent' ? actor.agentId : null;
    const scopeId = input.scope === 'team' ? null : (given ?? own);
    if (input.scope !== 'team' && scopeId === null) {
      throw new DomainValidationError(`a ${input.scope} feed needs scopeId`, [
        { path: 'body.scopeId', message: 'required' },
      ]);
    }
    const allowed =
      actor.role === 'admin' ||
      ((actor.role === 'rep' || actor.role === 'director') &&
        (input.scope === 'customer' || input.scope === 'team')) ||
      (actor.role === 'engineer' && input.scope === 'engineer' && scopeId === actor.engineerId) ||
      (actor.role === 'agent' && input.scope === 'agent' && scopeId === actor.agentId);
    if (!allowed) {
      throw new ForbiddenError(
        actor.role === 'engineer' || actor.role === 'agent'
          ? `a ${actor.role} may create feeds of their own calendar only`
          : `the ${actor.role} role may create customer and team feeds only`,
      );
    }
    if (scopeId !== null) {
      const entity =
        input.scope === 'engineer' ? EngineerEntity : input.scope === 'agent' ? AgentEntity : CustomerEntity;
      const exists = await this.db.getRepository(entity).exists({ where: { id: scopeId } });
      if (!exists) throw new NotFoundError(`${input.scope} ${scopeId} does not exist`);
    }
    return scopeId;
  }

  private async feedName(feed: CalendarFeedTokenEntity): Promise<string> {
    if (feed.scope === 'team' || feed.scopeId === null) {
      const settings = await this.db
        .getRepository(OrganisationSettingsEntity)
        .findOne({ where: {}, order: { createdAt: 'ASC' } });
      return settings?.name ?? 'team';
    }
    const entity =
      feed.scope === 'engineer' ? EngineerEntity : feed.scope === 'agent' ? AgentEntity : CustomerEntity;
    const row = (await this.db.getRepository(entity).findOne({ where: { id: feed.scopeId } })) as {
      name?: string;
    } | null;
    return row?.name ?? feed.scope;
  }
}

function view(row: CalendarFeedTokenEntity): FeedView {
  return {
    id: row.id,
    scope: row.scope,
    scopeId: row.scopeId,
    label: row.label,
    ownerUserId: row.ownerUserId,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
