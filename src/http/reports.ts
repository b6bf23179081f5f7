import express, { type Response } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app';
import { seesMoney, type Actor } from '../domain/actor';
import { DomainValidationError, ForbiddenError } from '../domain/errors';
import { NoReportSourceError } from '../domain/reporting';
import { MAX_IMPORT_ROWS, ReportService, type ImportRow } from '../services/reports';
import { CsvSyntaxError, CsvTooLongError, parseCsv, sendCsv, wantsCsv, type CsvColumn } from './csv';
import { sendProblem } from './problem';
import type { Api, RouteContext } from './routes';
import { channel, isoDate, uuid } from './schemas';

/*
 * The directors' reports. Every report answers JSON by default and CSV with `?format=csv` or
 * `Accept: text/csv`. A JSON report may hold several tables; its CSV is one of them, chosen with
 * `?table=` (each report has a default), with exactly the rows and fields of that JSON table.
 */

const STAFF = ['admin', 'rep', 'director'] as const;
const MONEY = ['admin', 'director'] as const;
const TAG = 'Reports';
const CSV = ['text/csv'];

const format = z.enum(['json', 'csv']).optional();
const fortnightRange = {
  from: isoDate.describe('first fortnight start'),
  to: isoDate.optional().describe('last fortnight start (default: from)'),
};

const UTILISATION_ENGINEERS: CsvColumn[] = cols(
  'from to engineerId engineerName scheduledHours billableHours availableHours p1BufferHours utilisationPct targetHours targetGapHours shortfallHours',
);
const UTILISATION_TEAM = cols(
  'period from to engineers scheduledHours billableHours availableHours p1BufferHours utilisationPct targetHours targetGapHours shortfallHours',
);
const PROFIT_CUSTOMERS = cols(
  'fortnightStart customerId customerName pricing scheduledHours billableHours revenue cost margin marginPct',
);
const PROFIT_ENGINEERS = cols(
  'fortnightStart engineerId engineerName scheduledHours billableHours availableHours p1BufferHours idleHours revenue cost p1BufferCost idleCost margin marginPct netMargin',
);
const PROFIT_FORTNIGHTS = cols(
  'fortnightStart planId planStatus scheduledHours billableHours availableHours p1BufferHours idleHours revenue unattributedRevenue cost p1BufferCost idleCost margin marginPct netMargin',
);
const PVA_ITEMS = cols(
  'itemId title customerId customerName status estimateLowHours estimateHighHours scheduledHours actualHours varianceHours actualTotalHours withinRange outcome',
);
const DESK_DAYS = cols(
  'date rosterId requiredHours rosteredHours gapHours underHours overHours volume serviceLevelPct intervalsBelowTarget',
);
const DESK_CHANNELS = cols(
  'date channel rosterId requiredHours rosteredHours gapHours underHours overHours volume serviceLevelPct targetServiceLevelPct intervalsBelowTarget',
);
const COVERAGE_CHANNELS = cols(
  'date start end channel volume requiredAgents rosteredAgents gapAgents serviceLevelPct asaSeconds belowTarget',
);
const COVERAGE_POOLED = cols('date start end requiredAgents onDutyAgents gapAgents');
const OVERVIEW = cols(
  'period from to engineers billableHours availableHours utilisationPct targetHours targetGapHours rosteredDays deskRequiredHours deskRosteredHours deskGapHours deskServiceLevelPct deskIntervalsBelowTarget',
);
const OVERVIEW_MONEY = cols('revenue cost p1BufferCost idleCost margin marginPct netMargin');

function cols(names: string): CsvColumn[] {
  return names.split(' ').map((key) => ({ key }));
}

/** Answers a report as JSON, or one of its tables as a CSV download. */
function answer<T extends Record<string, unknown>>(
  ctx: RouteContext<unknown, { format?: 'csv' | 'json'; table?: string }, unknown>,
  report: T,
  tables: Record<string, CsvColumn[]>,
  defaultTable: string,
  filename: string,
): T | undefined {
  // The answer depends on Accept: caches must not hand a CSV to a JSON client or the reverse.
  ctx.res.vary('Accept');
  if (!wantsCsv(ctx.req, ctx.query.format)) return report;
  const table = ctx.query.table ?? defaultTable;
  sendCsv(ctx.res, `${filename}-${table}.csv`, tables[table]!, (report[table] ?? []) as object[]);
  return undefined;
}

/** A report with no plan or roster to read is a 404 with a code saying which. */
async function orMissing<T>(res: Response, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof NoReportSourceError)) throw err;
    sendProblem(res, 404, err.code, err.message);
    return undefined;
  }
}

const IMPORT_COLUMNS = ['item', 'engineer', 'customer', 'date', 'hours', 'note'] as const;
// A Map, not an object: a column or key named "constructor" must not find Object's.
const ALIASES = new Map([
  ['itemid', 'item'],
  ['engineerid', 'engineer'],
  ['customerid', 'customer'],
]);

/** CSV rows keyed by their header (case and spacing ignored, itemId/engineerId accepted). */
function csvRows(text: string): ImportRow[] {
  let records;
  try {
    records = parseCsv(text, MAX_IMPORT_ROWS + 1);
  } catch (err) {
    if (err instanceof CsvTooLongError)
      throw new DomainValidationError('too many rows', [
        { path: 'body', message: `at most ${MAX_IMPORT_ROWS} rows per import` },
      ]);
    if (err instanceof CsvSyntaxError)
      throw new DomainValidationError('the CSV cannot be read', [
        { path: 'body', message: `line ${err.line}: ${err.message}` },
      ]);
    throw err;
  }
  const [header, ...data] = records;
  if (!header)
    throw new DomainValidationError('the CSV is empty', [
      { path: 'body', message: `expected a header row: ${IMPORT_COLUMNS.join(',')}` },
    ]);
  const issues: { path: string; message: string }[] = [];
  const names = header.fields.map((f) => {
    const key = f
      .trim()
      .toLowerCase()
      .replace(/[\s_-]/g, '');
    return ALIASES.get(key) ?? key;
  });
  names.forEach((n, k) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(n))
      issues.push({
        path: `header.${header.fields[k]!.trim() || `column${k + 1}`}`,
        message: `unknown column (expected ${IMPORT_COLUMNS.join(', ')})`,
      });
    else if (names.indexOf(n) !== k) issues.push({ path: `header.${n}`, message: 'appears twice' });
  });
  for (const required of ['item', 'date', 'hours'])
    if (!names.includes(required)) issues.push({ path: `header.${required}`, message: 'missing column' });
  data.forEach((r, i) => {
    if (r.fields.length !== names.length)
      issues.push({
        path: `rows[${i}]`,
        message: `line ${r.line}: ${r.fields.length} fields where the header has ${names.length}`,
      });
  });
  if (issues.length) throw new DomainValidationError('the CSV does not match the expected columns', issues);
  return data.map((r) => ({
    line: r.line,
    values: Object.fromEntries(names.map((n, k) => [n, r.fields[k]])),
  }));
}

/** JSON rows: an array of objects with the CSV's columns as keys (itemId/engineerId accepted). */
function jsonRows(body: unknown): ImportRow[] {
  if (!Array.isArray(body))
    throw new DomainValidationError('expected rows', [
      {
        path: 'body',
        message: 'send a JSON array of {item, engineer, date, hours, note?} or a text/csv file',
      },
    ]);
  return body.map((row: unknown) => {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) return { values: { row } };
    // fromEntries defines own properties, so a "__proto__" key stays a (refused) key.
    const values = Object.fromEntries(
      Object.entries(row as Record<string, unknown>).map(([k, v]) => [ALIASES.get(k.toLowerCase()) ?? k, v]),
    );
    return { values };
  });
}

/** Directors' reports (utilisation, profitability, plan vs actual, rostering, coverage, overview) and the actual-hours import. */
export function reportRoutes(api: Api, deps: AppDeps): void {
  const reports = new ReportService(deps.db);

  api.route(
    {
      method: 'get',
      path: '/reports/utilisation',
      summary:
        'Utilisation per engineer per week and for the team: billable, available, utilisation %, gap to the weekly target (engineers: their own rows)',
      tag: TAG,
      access: [...STAFF, 'engineer'],
      query: z.strictObject({
        fortnightStart: isoDate,
        engineerId: uuid.optional(),
        table: z.enum(['engineers', 'team']).optional(),
        format,
      }),
      produces: CSV,
    },
    (ctx) =>
      orMissing(ctx.res, async () => {
        const { actor, query } = ctx;
        if (query.table === 'team' && actor!.role === 'engineer')
          throw new ForbiddenError('engineers see only their own utilisation', [
            { path: 'query.table', message: 'engineers may ask only for the engineers table' },
          ]);
        const report = await reports.utilisation(actor!, query);
        return answer(
          ctx,
          report,
          { engineers: UTILISATION_ENGINEERS, team: UTILISATION_TEAM },
          'engineers',
          `utilisation-${query.fortnightStart}`,
        );
      }),
  );

  api.route(
    {
      method: 'get',
      path: '/reports/profitability',
      summary:
        'Profitability per customer, per engineer and per fortnight over 1–26 fortnights: revenue, cost, idle cost, margin (directors and admins)',
      tag: TAG,
      access: MONEY,
      query: z.strictObject({
        ...fortnightRange,
        table: z.enum(['customers', 'engineers', 'fortnights']).optional(),
        format,
      }),
      produces: CSV,
    },
    (ctx) =>
      orMissing(ctx.res, async () => {
        const report = await reports.profitability(ctx.query);
        return answer(
          ctx,
          report,
          { customers: PROFIT_CUSTOMERS, engineers: PROFIT_ENGINEERS, fortnights: PROFIT_FORTNIGHTS },
          'customers',
          `profitability-${report.from}-${report.to}`,
        );
      }),
  );

  api.route(
    {
      method: 'get',
      path: '/reports/plan-vs-actual',
      summary:
        'Plan vs actual per roadmap item over 1–26 fortnights, and how often finished items landed inside their estimate range',
      tag: TAG,
      access: STAFF,
      query: z.strictObject({
        ...fortnightRange,
        customerId: uuid.optional(),
        table: z.enum(['items']).optional(),
        format,
      }),
      produces: CSV,
    },
    (ctx) =>
      orMissing(ctx.res, async () => {
        const report = await reports.planVsActual(ctx.query);
        return answer(
          ctx,
          report,
          { items: PVA_ITEMS },
          'items',
          `plan-vs-actual-${report.from}-${report.to}`,
        );
      }),
  );

  api.route(
    {
      method: 'get',
      path: '/reports/rostering',
      summary:
        'The desk per day and per channel per day (up to 42 days): required vs rostered agent-hours and projected service level',
      tag: TAG,
      access: STAFF,
      query: z.strictObject({
        from: isoDate,
        to: isoDate,
        table: z.enum(['days', 'channels']).optional(),
        format,
      }),
      produces: CSV,
    },
    async (ctx) => {
      const report = await reports.rostering(ctx.query);
      return answer(
        ctx,
        report,
        { days: DESK_DAYS, channels: DESK_CHANNELS },
        'days',
        `rostering-${ctx.query.from}-${ctx.query.to}`,
      );
    },
  );

  api.route(
    {
      method: 'get',
      path: '/reports/coverage',
      summary:
        'Cover of one day interval by interval: per channel (required, rostered, service level, ASA) and for the desk',
      tag: TAG,
      access: STAFF,
      query: z.strictObject({
        date: isoDate,
        channel: channel.optional(),
        table: z.enum(['channels', 'pooled']).optional(),
        format,
      }),
      produces: CSV,
    },
    async (ctx) => {
      const report = await reports.coverage(ctx.query);
      return answer(
        ctx,
        report,
        { channels: COVERAGE_CHANNELS, pooled: COVERAGE_POOLED },
        'channels',
        `coverage-${ctx.query.date}${ctx.query.channel ? `-${ctx.query.channel}` : ''}`,
      );
    },
  );

  api.route(
    {
      method: 'get',
      path: '/reports/overview',
      summary:
        "A fortnight at a glance: the engineers' plan and the desk's roster side by side per week (money for directors and admins)",
      tag: TAG,
      access: STAFF,
      query: z.strictObject({ fortnightStart: isoDate, table: z.enum(['weeks']).optional(), format }),
      produces: CSV,
    },
    async (ctx) => {
      const report = await reports.overview(ctx.actor!, ctx.query.fortnightStart);
      const columns = seesMoney(ctx.actor as Actor) ? [...OVERVIEW, ...OVERVIEW_MONEY] : OVERVIEW;
      return answer(ctx, report, { weeks: columns }, 'weeks', `overview-${ctx.query.fortnightStart}`);
    },
  );

  // CSV uploads arrive as text; JSON bodies are already parsed by the app's JSON parser.
  api.router.post(
    '/actual-hours/import',
    express.text({ type: ['text/csv', 'application/csv', 'text/plain'], limit: deps.config.BODY_LIMIT }),
  );
  api.route(
    {
      method: 'post',
      path: '/actual-hours/import',
      summary: `Import actual hours all or nothing (text/csv with header item,engineer,date,hours[,customer,note], or a JSON array; at most ${MAX_IMPORT_ROWS} rows; ?mode=replace overwrites the same item, engineer and day)`,
      tag: 'Reporting',
      access: ['admin', 'rep', 'engineer'],
      query: z.strictObject({ mode: z.enum(['append', 'replace']).default('append') }),
    },
    async ({ actor, query, req, res }) => {
      const isCsv = typeof req.body === 'string';
      if (!isCsv && req.body === undefined) {
        sendProblem(res, 415, 'unsupported_media_type', 'send text/csv or application/json', [
          { path: 'body', message: 'Content-Type must be text/csv or application/json' },
        ]);
        return undefined;
      }
      const rows = isCsv ? csvRows(req.body as string) : jsonRows(req.body);
      return reports.importActualHours(actor!, rows, { mode: query.mode, format: isCsv ? 'csv' : 'json' });
    },
  );
}
