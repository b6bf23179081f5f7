import { html, type Html } from './html';

export interface Bar {
  label: string;
  value: number;
  /** Text shown on the bar (defaults to the value). */
  text?: string;
}

const W = 640;
const ROW = 26;
const LABEL = 150;

/**
 * Horizontal bars with an optional reference line (e.g. the 28 h target). Negative values
 * extend left of zero (e.g. a loss-making customer). Accessible: a title, a description and
 * one `<title>` per bar; the same figures are always also in a table next to the chart.
 */
export function barChart(input: {
  title: string;
  bars: Bar[];
  reference?: { value: number; label: string };
  id?: string;
}): Html {
  const { bars, reference } = input;
  const values = [...bars.map((b) => b.value), reference?.value ?? 0, 0];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const plot = W - LABEL - 60;
  const x = (v: number) => LABEL + ((v - min) / span) * plot;
  const height = bars.length * ROW + 30;
  return html`<svg
    class="chart"
    ${input.id ? html`id="${input.id}"` : ''}
    viewBox="0 0 ${W} ${height}"
    width="${W}"
    height="${height}"
    role="img"
    aria-label="${input.title}"
  >
    <title>${input.title}</title>
    ${bars.map((b, i) => {
      const y = 10 + i * ROW;
      const x0 = x(Math.min(0, b.value));
      const w = Math.max(1, Math.abs(x(b.value) - x(0)));
      const fill = b.value < 0 ? '#a01d1d' : reference && b.value < reference.value ? '#c77700' : '#0b5394';
      return html`<g
        ><title>${b.label}: ${b.text ?? String(b.value)}</title>
        <text x="${LABEL - 6}" y="${y + 15}" text-anchor="end"
          >${b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}</text
        >
        <rect
          x="${x0.toFixed(1)}"
          y="${y + 3}"
          width="${w.toFixed(1)}"
          height="${ROW - 8}"
          fill="${fill}"
        ></rect>
        <text x="${(Math.max(x(b.value), x(0)) + 4).toFixed(1)}" y="${y + 15}"
          >${b.text ?? String(b.value)}</text
        ></g
      >`;
    })}
    <line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="6" y2="${height - 20}" stroke="#4a4a4a"></line>
    ${
      reference
        ? html`<line
              x1="${x(reference.value).toFixed(1)}"
              x2="${x(reference.value).toFixed(1)}"
              y1="4"
              y2="${height - 18}"
              stroke="#1a1a1a"
              stroke-dasharray="4 3"
              stroke-width="2"
            ></line>
            <text x="${x(reference.value).toFixed(1)}" y="${height - 4}" text-anchor="middle"
              >${reference.label}</text
            >`
        : ''
    }
  </svg>`;
}

export interface Series {
  label: string;
  points: { x: string; y: number | null }[];
  colour: string;
}

/** A line chart over labelled x positions (e.g. fortnights); gaps where a value is null. */
export function lineChart(input: { title: string; series: Series[]; unit: string; id?: string }): Html {
  const H = 220;
  const left = 56;
  const bottom = 40;
  const xs = input.series[0]?.points.map((p) => p.x) ?? [];
  const ys = input.series.flatMap((s) => s.points.map((p) => p.y).filter((y): y is number => y !== null));
  const min = Math.min(0, ...ys);
  const max = Math.max(1, ...ys);
  const step = xs.length > 1 ? (W - left - 20) / (xs.length - 1) : 0;
  const px = (i: number) => left + i * step;
  const py = (y: number) => H - bottom - ((y - min) / (max - min || 1)) * (H - bottom - 16);
  const ticks = [min, (min + max) / 2, max];
  return html`<svg
    class="chart"
    ${input.id ? html`id="${input.id}"` : ''}
    viewBox="0 0 ${W} ${H}"
    width="${W}"
    height="${H}"
    role="img"
    aria-label="${input.title}"
  >
    <title>${input.title}</title>
    ${ticks.map(
      (t) =>
        html`<line
            x1="${left}"
            x2="${W - 10}"
            y1="${py(t).toFixed(1)}"
            y2="${py(t).toFixed(1)}"
            stroke="#dddddd"
          ></line>
          <text x="${left - 6}" y="${(py(t) + 4).toFixed(1)}" text-anchor="end"
            >${Math.round(t)}${input.unit}</text
          >`,
    )}
    ${xs.map(
      (label, i) =>
        html`<text x="${px(i).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle"
          >${label.slice(5)}</text
        >`,
    )}
    ${input.series.map((s, si) => {
      const segments: string[] = [];
      let current = '';
      s.points.forEach((p, i) => {
        if (p.y === null) {
          if (current) segments.push(current);
          current = '';
          return;
        }
        current += `${current ? 'L' : 'M'}${px(i).toFixed(1)},${py(p.y).toFixed(1)} `;
      });
      if (current) segments.push(current);
      return html`<g
        ><title>${s.label}</title>${segments.map(
          (d) => html`<path d="${d.trim()}" fill="none" stroke="${s.colour}" stroke-width="2.5"></path>`,
        )}${s.points.map((p, i) =>
          p.y === null
            ? ''
            : html`<circle cx="${px(i).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${s.colour}"
                ><title>${s.label} ${p.x}: ${Math.round(p.y)}${input.unit}</title></circle
              >`,
        )} <text x="${left + si * 160}" y="${H - 6}" fill="${s.colour}">■ ${s.label}</text></g
      >`;
    })}
  </svg>`;
}
