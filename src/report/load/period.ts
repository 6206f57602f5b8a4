import { invalidInput } from '../../errors.js';
import type { PackPeriod } from '../model/model-types.js';

/**
 * Period values: a year (`2026`), half (`2026-H2`), quarter (`2026-Q3`) or month (`2026-09`), in UTC.
 * `from` is the first instant of the period and `to` the first instant after it.
 */
export function parsePeriod(text: string): PackPeriod {
  const match = /^(\d{4})(?:-(?:Q([1-4])|H([12])|(0[1-9]|1[0-2])))?$/.exec(text.trim());
  if (match === null) throw invalidInput('period', `{input} must be a year, half, quarter or month such as 2026, 2026-H2, 2026-Q3 or 2026-09 (got '${text}')`);
  const year = Number(match[1]);
  const [startMonth, months] =
    match[2] !== undefined ? [(Number(match[2]) - 1) * 3, 3] : match[3] !== undefined ? [(Number(match[3]) - 1) * 6, 6] : match[4] !== undefined ? [Number(match[4]) - 1, 1] : [0, 12];
  return {
    label: text.trim(),
    from: new Date(Date.UTC(year, startMonth, 1)).toISOString(),
    to: new Date(Date.UTC(year, startMonth + months, 1)).toISOString(),
  };
}
