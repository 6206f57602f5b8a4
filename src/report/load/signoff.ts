import { readFileSync } from 'node:fs';
import { inputError, usageError } from '../../errors.js';
import type { SignoffInput } from '../model/auditor-types.js';

/** What the user gave for the sign-off: names, dates, and the management assertion text or the file holding it. */
export interface SignoffSource {
  readonly preparedBy?: string;
  readonly preparedOn?: string;
  readonly reviewedBy?: string;
  readonly reviewedOn?: string;
  readonly assertion?: string;
  readonly assertionFile?: string;
}

/** Longest management assertion read from a file: a page of text, not a document. */
export const MAX_ASSERTION_BYTES = 16 * 1024;

/**
 * The sign-off as the report stage takes it: dates checked, the assertion read from its file. Nothing is filled
 * in: a field not given stays absent and prints as "not provided".
 */
export function signoffFrom(source: SignoffSource): SignoffInput | undefined {
  if (source.assertion !== undefined && source.assertionFile !== undefined) throw usageError('give the assertion text or --assertion-file, not both');
  for (const [flag, value] of [['--prepared-on', source.preparedOn], ['--reviewed-on', source.reviewedOn]] as const) {
    if (value !== undefined && !isCalendarDate(value)) throw usageError(`${flag} must be a date YYYY-MM-DD (got '${value}')`);
  }
  const assertion = source.assertionFile === undefined ? source.assertion : readAssertion(source.assertionFile);
  const signoff: SignoffInput = {
    ...(source.preparedBy === undefined ? {} : { preparedBy: source.preparedBy }),
    ...(source.preparedOn === undefined ? {} : { preparedOn: source.preparedOn }),
    ...(source.reviewedBy === undefined ? {} : { reviewedBy: source.reviewedBy }),
    ...(source.reviewedOn === undefined ? {} : { reviewedOn: source.reviewedOn }),
    ...(assertion === undefined ? {} : { assertion }),
  };
  return Object.keys(signoff).length === 0 ? undefined : signoff;
}

function readAssertion(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw inputError('signoff.assertion-unreadable', `cannot read the assertion file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { file });
  }
  if (bytes.length > MAX_ASSERTION_BYTES) throw inputError('signoff.assertion-too-large', `the assertion file is ${bytes.length} bytes; the limit is ${MAX_ASSERTION_BYTES}`, { file });
  const text = bytes.toString('utf8').trim();
  if (text === '') throw inputError('signoff.assertion-empty', 'the assertion file is empty', { file });
  return text;
}

/** `YYYY-MM-DD` naming a real day (2026-02-30 is not one). */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}
