import type { HelperOptions } from 'handlebars';
import {
  blastRadiusText,
  exposureText,
  findingCountsText,
  formatDate,
  formatHistory,
  formatHours,
  formatInstant,
  formatPeriod,
  formatScore,
  plural,
  requirementCountsLine,
  severityLine,
  totalsLine,
} from '../../model/format.js';

/**
 * Every Handlebars helper the pack templates use, registered in one place. Helpers return plain strings, which
 * Handlebars escapes when a template prints them with `{{ }}` (templates never use the unescaped forms; a test
 * enforces it), so a helper never has to think about HTML.
 */
type Helper = (...args: never[]) => unknown;

export const HELPERS: Readonly<Record<string, Helper>> = {
  eq: (a: unknown, b: unknown): boolean => a === b,
  gt: (a: number, b: number): boolean => a > b,
  join: (list: readonly string[] | undefined, separator: unknown): string => (list ?? []).join(typeof separator === 'string' ? separator : ', '),
  score: (value: number | null): string => formatScore(value),
  instant: (value: string): string => formatInstant(value),
  date: (value: string): string => formatDate(value),
  period: (value: Parameters<typeof formatPeriod>[0]): string => formatPeriod(value),
  hours: (value: number | null): string => formatHours(value),
  history: (value: Parameters<typeof formatHistory>[0]): string => formatHistory(value),
  plural: (count: number, noun: string): string => plural(count, noun),
  exposure: (item: Parameters<typeof exposureText>[0]): string => exposureText(item),
  blast: (traits: readonly string[]): string => blastRadiusText(traits),
  totalsLine: (totals: Parameters<typeof totalsLine>[0]): string => totalsLine(totals),
  requirementCounts: (counts: Readonly<Record<string, number>>): string => requirementCountsLine(counts),
  severityLine: (counts: Readonly<Record<string, number>>): string => severityLine(counts),
  findingCounts: (counts: Parameters<typeof findingCountsText>[0]): string => findingCountsText(counts),
  /** `{{#each (entries counts)}}` over a record in its key order. */
  entries: (record: Readonly<Record<string, unknown>>): { key: string; value: unknown }[] => Object.entries(record).map(([key, value]) => ({ key, value })),
  /** Block helper: renders when the list is non-empty. */
  any(this: unknown, list: readonly unknown[] | undefined, options: HelperOptions): string {
    return list !== undefined && list.length > 0 ? options.fn(this) : options.inverse(this);
  },
};
