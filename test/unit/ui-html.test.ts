import { html, raw } from '../../src/http/ui/html';
import { safeNext } from '../../src/http/ui';
import { barChart } from '../../src/http/ui/svg';
import { chosenFortnight, fortnightContaining } from '../../src/http/ui/fortnight';

describe('web UI building blocks', () => {
  it('escapes every interpolated value, including inside attributes and arrays', () => {
    const name = `<script>alert("x")</script>' onmouseover='y`;
    const out = html`<a title="${name}">${[name, 1]}</a>${raw('<b>ok</b>')}`.text;
    expect(out).toBe(
      '<a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y1</a><b>ok</b>',
    );
  });

  it('escapes chart labels too', () => {
    const svg = barChart({ title: 't', bars: [{ label: '<img src=x onerror=1>', value: 3 }] }).text;
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=1&gt;');
  });

  it('only follows same-site /ui paths after sign-in', () => {
    expect(safeNext('/ui/plan?fortnight=2026-12-07')).toBe('/ui/plan?fortnight=2026-12-07');
    for (const bad of [
      '//evil.example/ui',
      'https://evil.example/ui',
      '/ui//evil.example',
      '/uix',
      '/docs',
      42,
      undefined,
    ])
      expect(safeNext(bad)).toBeNull();
  });

  it('puts pages on the organisation’s fortnight grid and refuses dates off it', () => {
    expect(fortnightContaining('2026-01-05', '2026-12-10')).toBe('2026-12-07');
    expect(fortnightContaining('2026-01-05', '2025-12-31')).toBe('2025-12-22');
    const now = new Date('2026-11-23T23:30:00Z');
    expect(chosenFortnight('2026-01-05', 'Europe/London', now, undefined, 'current')).toBe('2026-11-23');
    expect(chosenFortnight('2026-01-05', 'Europe/London', now, undefined, 'next')).toBe('2026-12-07');
    expect(() => chosenFortnight('2026-01-05', 'Europe/London', now, '2026-12-08', 'next')).toThrow(
      'not a fortnight start',
    );
    expect(() => chosenFortnight('2026-01-05', 'Europe/London', now, '2026-02-30', 'next')).toThrow();
  });
});
