import * as path from 'node:path';

/** Where the Curtois–Qu instances live, relative to this repository. */
export const CURTOIS_DIR = path.resolve(__dirname, '../../../shared/benchmarks/curtois');

/** Best-known upper bounds (BEST_KNOWN.md, source S1). */
export const BEST_KNOWN: Readonly<Record<string, number>> = {
  Instance1: 607,
  Instance2: 828,
  Instance3: 1001,
  Instance4: 1716,
  Instance5: 1143,
  Instance6: 1950,
  Instance7: 1056,
  Instance8: 1300,
  Instance9: 439,
  Instance10: 4631,
  Instance11: 3443,
  Instance12: 4040,
  Instance13: 1348,
  Instance14: 1278,
  Instance15: 3828,
  Instance16: 3225,
  Instance17: 5746,
  Instance18: 4459,
  Instance19: 3149,
  Instance20: 4769,
  Instance21: 21133,
  Instance22: 30241,
  Instance23: 17285,
  Instance24: 40439,
};

export function instancePath(id: number): string {
  return path.join(CURTOIS_DIR, `Instance${id}.txt`);
}

/** `1-8`, `3`, `1,4,7-9` → instance numbers. */
export function parseRange(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const a = Number(m?.[1]);
    const hi = m?.[2] === undefined ? a : Number(m[2]);
    if (!m || a < 1 || hi < a) throw new Error(`bad instance range "${text}" (e.g. 1-8, 3 or 1,4,7-9)`);
    for (let i = a; i <= hi; i++) out.push(i);
  }
  return out;
}
