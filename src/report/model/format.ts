/**
 * Wording and number formats shared by the HTML and PDF renderers, so both print the same figures the same way
 * (the cross-format test compares them).
 */

/** `87.5%`, or `n/a` when a framework has no scored requirement. */
export function formatScore(score: number | null): string {
  return score === null ? 'n/a' : `${score.toFixed(1)}%`;
}

/** `2026-09-28 06:00 UTC` from an ISO-8601 instant; other text is returned unchanged. */
export function formatInstant(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match === null ? iso : `${match[1]} ${match[2]} UTC`;
}

/** `2026-09-28` from an ISO-8601 instant. */
export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

/** `1 finding`, `3 findings`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** The period line of the cover: `2026-Q3 (2026-07-01 to 2026-09-30)`; `to` is exclusive, so the last day is the one before. */
export function formatPeriod(period: { readonly label: string; readonly from: string; readonly to: string } | null): string {
  if (period === null) return 'single run';
  const lastDay = new Date(Date.parse(period.to) - 1).toISOString().slice(0, 10);
  return `${period.label} (${formatDate(period.from)} to ${lastDay})`;
}

export function formatHours(hours: number | null): string {
  if (hours === null) return 'n/a';
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`;
}

/** "passed in 88 of 90 runs". */
export function formatHistory(history: { readonly runs: number; readonly passed: number } | null): string {
  return history === null ? '' : `passed in ${history.passed} of ${history.runs} runs`;
}

const EXPOSURE_LABELS: Readonly<Record<string, string>> = {
  'load-balancer': 'LoadBalancer',
  'node-port': 'NodePort',
  ingress: 'Ingress',
  'host-network': 'hostNetwork',
  'host-port': 'hostPort',
  backend: 'behind an entry point',
};

const TRAIT_LABELS: Readonly<Record<string, string>> = {
  privileged: 'privileged',
  'host-path': 'hostPath',
  'cluster-wide-rbac': 'cluster-wide RBAC',
  'secrets-access': 'secrets access',
};

export function exposureText(item: { readonly exposure: { readonly level: number; readonly kinds: readonly string[] } }): string {
  if (item.exposure.level === 0) return 'internal';
  if (item.exposure.level === 1) return 'namespace has an entry point';
  return item.exposure.kinds.map((kind) => EXPOSURE_LABELS[kind] ?? kind).join(', ');
}

export function blastRadiusText(traits: readonly string[]): string {
  return traits.length === 0 ? 'none observed' : traits.map((trait) => TRAIT_LABELS[trait] ?? trait).join(', ');
}

/** The one-line finding totals, worded identically in every format (the cross-format test reads it back). */
export function totalsLine(totals: { readonly findings: number; readonly byStatus: Readonly<Record<string, number>> }): string {
  const count = (status: string): number => totals.byStatus[status] ?? 0;
  return `Findings: ${totals.findings} — fail ${count('fail')}, unknown ${count('unknown')}, waived ${count('waived')}, pass ${count('pass')}, not-applicable ${count('not-applicable')}`;
}

export function requirementCountsLine(counts: Readonly<Record<string, number>>): string {
  const count = (status: string): number => counts[status] ?? 0;
  return `Requirements: pass ${count('pass')}, fail ${count('fail')}, partial ${count('partial')}, unknown ${count('unknown')}, manual ${count('manual')}, not-applicable ${count('not-applicable')}`;
}

export function severityLine(bySeverity: Readonly<Record<string, number>>): string {
  const count = (severity: string): number => bySeverity[severity] ?? 0;
  return `Failing findings by severity: critical ${count('critical')}, high ${count('high')}, medium ${count('medium')}, low ${count('low')}, info ${count('info')}`;
}

/** `fail 2 · unknown 0 · waived 1 · pass 14` for a check's findings. */
export function findingCountsText(counts: { readonly fail: number; readonly unknown: number; readonly waived: number; readonly pass: number }): string {
  return `fail ${counts.fail} · unknown ${counts.unknown} · waived ${counts.waived} · pass ${counts.pass}`;
}
