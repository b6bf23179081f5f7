import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../domain/actor';
import type { Html } from './html';

/** What a page handler gets: the database, the signed-in actor and the request's inputs. */
export interface PageContext {
  db: DataSource;
  actor: Actor;
  query: Record<string, string | undefined>;
  params: Record<string, string>;
  now: () => Date;
  logger: Logger;
}

export interface PageResult {
  title: string;
  body: Html;
  scripts?: string[];
}
