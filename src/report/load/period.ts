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

/** The period just before one of the same kind: 2026-Q1 → 2025-Q4, 2026-09 → 2026-08, 2026-H1 → 2025-H2, 2026 → 2025. */
export function previousPeriodOf(period: PackPeriod): PackPeriod {
  const match = /^(\d{4})(?:-(?:Q([1-4])|H([12])|(0[1-9]|1[0-2])))?$/.exec(period.label);
  if (match === null) {
    // An explicit range: the same length just before it.
    const length = Date.parse(period.to) - Date.parse(period.from);
    const from = new Date(Date.parse(period.from) - length).toISOString();
    return { label: `${from.slice(0, 10)}..${new Date(Date.parse(period.from) - 1).toISOString().slice(0, 10)}`, from, to: period.from };
  }
  const year = Number(match[1]);
  if (match[2] !== undefined) {
    const quarter = Number(match[2]);
    return parsePeriod(quarter === 1 ? `${year - 1}-Q4` : `${year}-Q${quarter - 1}`);
  }
  if (match[3] !== undefined) return parsePeriod(match[3] === '1' ? `${year - 1}-H2` : `${year}-H1`);
  if (match[4] !== undefined) {
    const month = Number(match[4]);
    return parsePeriod(month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`);
  }
  return parsePeriod(String(year - 1));
}
