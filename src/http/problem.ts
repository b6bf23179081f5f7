import type { NextFunction, Request, Response } from 'express';
import { QueryFailedError, EntityNotFoundError } from 'typeorm';
import { ConflictError, ForbiddenError, RotaError, type FieldIssue } from '../domain/errors';
import type { Logger } from 'pino';

const STATUS: Record<string, number> = {
  not_found: 404,
  conflict: 409,
  stale_version: 409,
  validation_failed: 422,
  bad_request: 400,
  forbidden: 403,
  unauthorized: 401,
  external_service_failed: 502,
  service_unavailable: 503,
  // A report with nothing to read (no published or solved plan for the period).
  no_plan: 404,
  rate_limited: 429,
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors: FieldIssue[];
  instance?: string;
}

export function sendProblem(
  res: Response,
  status: number,
  code: string,
  detail: string,
  errors: FieldIssue[] = [],
): void {
  const body: Problem = {
    type: `https://rota.dev/problems/${code}`,
    title: code.replace(/_/g, ' '),
    status,
    code,
    detail,
    errors,
  };
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

/** How long a client should wait before retrying when the database is away (seconds). */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** 503 `database_unavailable` with a retry hint; what the driver said stays in the logs. */
export function sendDatabaseUnavailable(res: Response): void {
  res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
  sendProblem(res, 503, 'database_unavailable', 'the database is not reachable; try again shortly');
}

// Socket errors on the way to the server, and PostgreSQL's own "not now" codes: connection
// exceptions (08xxx), too many connections (53300) and shutdown / starting up (57P01-57P03).
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** True for errors that mean "the database is not reachable right now". */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: string; message?: string; driverError?: { code?: string } };
  const code = e?.code ?? e?.driverError?.code;
  if (code && CONNECTION_CODES.has(code)) return true;
  const msg = e?.message ?? '';
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    msg,
  );
}

/** The one error handler: every failure becomes application/problem+json with a stable code. */
export function problemHandler(logger: Logger) {
  // Express recognises error handlers by their four parameters.
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) return;
    if (err instanceof RotaError) {
      const status =
        err instanceof ConflictError ? 409 : err instanceof ForbiddenError ? 403 : (STATUS[err.code] ?? 400);
      const retryAfter = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (status === 429 && typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
      sendProblem(res, status, err.code, err.message, err.issues);
      return;
    }
    const e = err as {
      type?: string;
      status?: number;
      code?: string;
      message?: string;
      driverError?: { code?: string; detail?: string };
    };
    if (e?.type === 'entity.parse.failed') {
      sendProblem(res, 400, 'malformed_json', 'the request body is not valid JSON', [
        { path: 'body', message: 'malformed JSON' },
      ]);
      return;
    }
    if (e?.type === 'entity.too.large') {
      sendProblem(res, 413, 'payload_too_large', 'the request body is too large', [
        { path: 'body', message: 'too large' },
      ]);
      return;
    }
    if (e?.type && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      sendProblem(res, e.status, 'bad_request', 'the request could not be read', [
        { path: 'body', message: String(e.type) },
      ]);
      return;
    }
    if (err instanceof EntityNotFoundError) {
      sendProblem(res, 404, 'not_found', 'the record does not exist');
      return;
    }
    if (err instanceof QueryFailedError) {
      const code = e.driverError?.code ?? e.code;
      if (code === '23505') {
        sendProblem(res, 409, 'duplicate', 'a record with the same unique value already exists', [
          { path: 'body', message: e.driverError?.detail ?? 'duplicate value' },
        ]);
        return;
      }
      if (code === '23503') {
        sendProblem(res, 409, 'referenced_record', 'the change would break a reference between records', [
          { path: 'body', message: e.driverError?.detail ?? 'foreign key' },
        ]);
        return;
      }
      if (code === '40001' || code === '40P01') {
        sendProblem(res, 409, 'concurrent_change', 'the record was changed concurrently; retry');
        return;
      }
    }
    if (isConnectionError(err)) {
      logger.warn({ err, path: req.path }, 'database unavailable');
      sendDatabaseUnavailable(res);
      return;
    }
    logger.error({ err, path: req.path }, 'unhandled error');
    sendProblem(res, 500, 'internal_error', 'something went wrong on our side');
  };
}
