import { addDays } from './fortnight';
import { html, type Html } from './html';

/**
 * The toolbar every dated page opens with: back, a date field, Show, forward. `step` is in days
 * (1 for a day, 14 for a fortnight, 28 for four weeks); `extra` goes between the date and Show.
 */
export function periodPicker(input: {
  action: string;
  field: string;
  label: string;
  value: string;
  step: number;
  back: string;
  forward: string;
  extra?: Html | string;
}): Html {
  const { action, field, value, step } = input;
  const link = (days: number) => `${action}?${field}=${addDays(value, days)}`;
  return html`<form class="toolbar noprint" method="get" action="${action}">
    <a class="button secondary" href="${link(-step)}">← ${input.back}</a>
    <label
      >${input.label}
      <input type="date" name="${field}" value="${value}" ${step === 14 ? html`step="14"` : ''}
    /></label>
    ${input.extra ?? ''}
    <button type="submit" class="secondary">Show</button>
    <a class="button secondary" href="${link(step)}">${input.forward} →</a>
  </form>`;
}
