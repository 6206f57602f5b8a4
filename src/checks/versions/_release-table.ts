/**
 * Upstream Kubernetes minor releases and the end of their patch support, as published on the Kubernetes releases page
 * (release history, end-of-life dates: 12 months of patch releases plus a two-month upgrade period). The table is data
 * with a date: a version newer than its last row is `unknown`, never assumed supported. Update it (rows, LAST_UPDATED)
 * when a minor version is released.
 */
export const RELEASE_TABLE_SOURCE = 'https://kubernetes.io/releases/ (Release History: end-of-life date of each minor release)';
export const RELEASE_TABLE_LAST_UPDATED = '2026-12-05';

export interface MinorRelease {
  /** `1.31` */
  readonly minor: string;
  readonly released: string;
  /** The last day patch releases are published for this minor version. */
  readonly endOfLife: string;
}

export const KUBERNETES_RELEASES: readonly MinorRelease[] = [
  { minor: '1.25', released: '2022-08-23', endOfLife: '2023-10-28' },
  { minor: '1.26', released: '2022-12-09', endOfLife: '2024-02-28' },
  { minor: '1.27', released: '2023-04-11', endOfLife: '2024-06-28' },
  { minor: '1.28', released: '2023-08-15', endOfLife: '2024-10-28' },
  { minor: '1.29', released: '2023-12-13', endOfLife: '2025-02-28' },
  { minor: '1.30', released: '2024-04-17', endOfLife: '2025-06-28' },
  { minor: '1.31', released: '2024-08-13', endOfLife: '2025-10-28' },
  { minor: '1.32', released: '2024-12-11', endOfLife: '2026-02-28' },
  { minor: '1.33', released: '2025-04-23', endOfLife: '2026-06-28' },
  { minor: '1.34', released: '2025-08-27', endOfLife: '2026-10-27' },
  { minor: '1.35', released: '2025-12-17', endOfLife: '2027-02-28' },
];

/** `v1.31.4`, `1.29.3-eks-adc7111`, `v1.30.2+k3s1` → `1.31`; undefined when no major.minor can be read. */
export function minorOf(version: string): string | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?/.exec(version.trim());
  return match === null ? undefined : `${Number(match[1])}.${Number(match[2])}`;
}

function compareMinor(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

export type SupportStatus =
  | { readonly kind: 'supported'; readonly release: MinorRelease; readonly daysLeft: number }
  | { readonly kind: 'end-of-life'; readonly release: MinorRelease; readonly daysPast: number }
  | { readonly kind: 'older-than-table'; readonly minor: string }
  | { readonly kind: 'not-in-table'; readonly minor: string }
  | { readonly kind: 'unreadable' };

const DAY_MS = 86_400_000;

/** Where a version stands on `at` (the collection time: evaluation never reads the clock). */
export function supportStatusOf(version: string, at: string): SupportStatus {
  const minor = minorOf(version);
  if (minor === undefined || Number.isNaN(Date.parse(at))) return { kind: 'unreadable' };
  const release = KUBERNETES_RELEASES.find((row) => row.minor === minor);
  if (release === undefined) {
    const [oldest] = KUBERNETES_RELEASES;
    return oldest !== undefined && compareMinor(minor, oldest.minor) < 0 ? { kind: 'older-than-table', minor } : { kind: 'not-in-table', minor };
  }
  // End of life is the whole last day, UTC.
  const end = Date.parse(`${release.endOfLife}T23:59:59.999Z`);
  const now = Date.parse(at);
  return now <= end
    ? { kind: 'supported', release, daysLeft: Math.floor((end - now) / DAY_MS) }
    : { kind: 'end-of-life', release, daysPast: Math.ceil((now - end) / DAY_MS) };
}
