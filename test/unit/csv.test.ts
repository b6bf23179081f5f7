import fc from 'fast-check';
import { csvCell, CsvSyntaxError, parseCsv, plainNumber, toCsv } from '../../src/http/csv';

describe('CSV writer', () => {
  it('writes a header row and CRLF after every line', () => {
    const csv = toCsv(
      ['name', { key: 'hours', header: 'Hours' }],
      [
        { name: 'Ana', hours: 28 },
        { name: 'Ben', hours: 3.5 },
      ],
    );
    expect(csv).toBe('name,Hours\r\nAna,28\r\nBen,3.5\r\n');
  });

  it('quotes fields with commas, quotes and line breaks, doubling quotes (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
    expect(csvCell('plain')).toBe('plain');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    // Numbers are numbers, negative ones included: only text is neutralised.
    expect(csvCell(-12.5)).toBe('-12.5');
    expect(csvCell('Ana-Maria')).toBe('Ana-Maria');
  });

  it('writes numbers as plain decimals, never in exponent notation', () => {
    expect(plainNumber(1e21)).toBe('1000000000000000000000');
    expect(plainNumber(1e-7)).toBe('0.0000001');
    expect(plainNumber(-2.5e-7)).toBe('-0.00000025');
    expect(plainNumber(1234.56)).toBe('1234.56');
    expect(plainNumber(Number.NaN)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(new Date('2026-03-23T09:30:00Z'))).toBe('2026-03-23T09:30:00.000Z');
  });

  it('round-trips any table of text through the parser', () => {
    const cell = fc.string({ maxLength: 12 }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 }), (rows) => {
        const csv = toCsv(
          ['a', 'b', 'c'],
          rows.map(([a, b, c]) => ({ a, b, c })),
        );
        const parsed = parseCsv(csv).map((r) => r.fields);
        // A row of three empty strings is written as ",," and read back as such.
        expect(parsed).toEqual([['a', 'b', 'c'], ...rows]);
      }),
      { seed: 6, numRuns: 300 },
    );
  });
});

describe('CSV parser', () => {
  it('reads CRLF, LF and CR line ends, a byte-order mark and a missing final line end', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,2\n3,4\r5,6')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
      { line: 3, fields: ['3', '4'] },
      { line: 4, fields: ['5', '6'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, and counts lines', () => {
    const records = parseCsv('item,note\r\n"Fix, then ship","He said ""go""\r\nthen left"\r\nnext,""\r\n');
    expect(records).toEqual([
      { line: 1, fields: ['item', 'note'] },
      { line: 2, fields: ['Fix, then ship', 'He said "go"\r\nthen left'] },
      { line: 4, fields: ['next', ''] },
    ]);
  });

  it('skips blank lines but keeps a row of one empty quoted field', () => {
    expect(parseCsv('a\r\n\r\n1\r\n\r\n').map((r) => r.fields)).toEqual([['a'], ['1']]);
    expect(parseCsv('a\r\n""\r\n').map((r) => r.fields)).toEqual([['a'], ['']]);
  });

  it('refuses an unterminated quote, text after a closing quote and a bare quote, naming the line', () => {
    const fails = (text: string, line: number, message: RegExp) => {
      let error: unknown;
      try {
        parseCsv(text);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect((error as CsvSyntaxError).line).toBe(line);
      expect((error as CsvSyntaxError).message).toMatch(message);
    };
    fails('a,b\r\n1,"never closed\r\n', 2, /never closed/);
    fails('a\r\nb\r\n"x"y\r\n', 3, /after a closing quote/);
    fails('a\r\nab"c\r\n', 2, /quote inside an unquoted field/);
  });

  it('stops at the record limit', () => {
    expect(() => parseCsv('a\n1\n2\n3\n', 3)).toThrow(/more than 3 records/);
    expect(parseCsv('a\n1\n2\n', 3)).toHaveLength(3);
  });
});
