import type { Request, Response } from 'express';

/*
 * CSV as RFC 4180 describes it: comma-separated, CRLF line ends, a header row, fields quoted
 * with `"` when they hold a comma, a quote or a line break (quotes doubled inside). Reports are
 * written with it and actual hours are read with it; no dependency because both directions are
 * small and the edge cases (formula injection, exponent notation) are ours to decide.
 */

/** One column of a CSV table: the key it reads from each row and the header it shows. */
export interface CsvColumn {
  key: string;
  header?: string;
}

/**
 * Characters that make a spreadsheet treat a cell as a formula (`=`, `+`, `-`, `@`), plus tab
 * and carriage return, which some spreadsheets strip before looking for those.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A number as a plain decimal: never exponent notation, which spreadsheets and parsers misread. */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** The text of one cell: numbers plain, text neutralised against formula injection, then quoted if needed. */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') text = plainNumber(value);
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'string') {
    // A leading apostrophe makes the spreadsheet show the text as text instead of evaluating it.
    text = FORMULA_START.test(value) ? `'${value}` : value;
  } else text = JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole table: the header row, then one line per row, every line ending in CRLF. */
export function toCsv(columns: readonly (CsvColumn | string)[], rows: readonly object[]): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { key: c } : c));
  const lines = [cols.map((c) => csvCell(c.header ?? c.key)).join(',')];
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    lines.push(cols.map((c) => csvCell(r[c.key])).join(','));
  }
  return lines.map((l) => `${l}\r\n`).join('');
}

/** A CSV that cannot be read, with the 1-based line where reading stopped. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** A CSV with more records than the reader was allowed to take. */
export class CsvTooLongError extends CsvSyntaxError {
  constructor(
    readonly limit: number,
    line: number,
  ) {
    super(`more than ${limit} records`, line);
    this.name = 'CsvTooLongError';
  }
}

/** One record of a parsed CSV and the 1-based line it starts on (for messages people can find). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Reads RFC 4180 text (and the common variants: LF or CR line ends, a UTF-8 byte-order mark, no
 * final line end). Blank lines are skipped. Throws {@link CsvSyntaxError} on an unterminated
 * quoted field or text after a closing quote, or when there are more than `maxRecords` records.
 */
export function parseCsv(text: string, maxRecords = Infinity): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  // Whether the current field was quoted: `""` is an empty field, not a blank line.
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && field === '' && !quoted;
    endField();
    if (!blank) {
      if (records.length >= maxRecords)
        throw new CsvSyntaxError(`more than ${maxRecords} records`, recordLine);
      records.push({ line: recordLine, fields });
    }
    fields = [];
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' && field === '' && !quoted) {
      // A quoted field runs to the next quote that is not doubled.
      const opened = line;
      quoted = true;
      i++;
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError('a quoted field is never closed', opened);
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n' || (q === '\r' && src[i + 1] !== '\n')) line++;
        field += q;
        i++;
      }
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n')
        throw new CsvSyntaxError('text after a closing quote (quotes inside a field must be doubled)', line);
      continue;
    }
    if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else if (c === '"') {
      throw new CsvSyntaxError('a quote inside an unquoted field (quote the whole field)', line);
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || quoted || fields.length > 0) endRecord();
  return records;
}

/** `?format=` wins; otherwise an Accept header that prefers text/csv over JSON asks for CSV. */
export function wantsCsv(req: Request, format: 'csv' | 'json' | undefined): boolean {
  if (format) return format === 'csv';
  if (!req.headers.accept) return false;
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** Sends a CSV download: UTF-8, RFC 4180, with a file name for the browser. */
export function sendCsv(
  res: Response,
  filename: string,
  columns: readonly (CsvColumn | string)[],
  rows: readonly object[],
): void {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  res
    .status(200)
    .type('text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="${safe}"`)
    .send(toCsv(columns, rows));
}
