/**
 * A tiny HTML builder: `html` escapes every interpolated value unless it is already `Html`
 * (built by `html` itself or marked with `raw`). Arrays are joined. No template engine needed.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part as string | number | boolean));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Marks trusted markup (never user data) as already-safe HTML. */
export function raw(text: string): Html {
  return new Html(text);
}

/** Hours with one decimal, e.g. 27.5 h (input in minutes). */
export function hours(minutes: number): string {
  return `${(Math.round((minutes / 60) * 10) / 10).toFixed(1)} h`;
}

export function percent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio)
    ? '–'
    : `${Math.round(ratio * 100)}%`;
}

export function money(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const sign = value < 0 ? '−' : '';
  return `${sign}£${Math.abs(Math.round(value)).toLocaleString('en-GB')}`;
}

/** A stable, readable colour for a customer without one (hue from the id, fixed lightness for contrast). */
export function customerColour(id: string, given: string | null | undefined): string {
  if (given && /^#[0-9a-fA-F]{6}$/.test(given)) return given;
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return `hsl(${h} 70% 85%)`;
}
