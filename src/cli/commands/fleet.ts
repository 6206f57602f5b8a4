import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { renderFleetHtml } from '../../report/fleet/html.js';
import { buildFleetView, parseInterval, type FleetView } from '../../report/fleet/model.js';
import { signPack, writeUnsignedManifest, type Signer } from '../../sign/index.js';
import { canonicalJson } from '../../store/index.js';
import { sha256Hex } from '../../store/canonical.js';
import { TOOL_VERSION } from '../../version.js';
import { formatTable, printJson } from '../output.js';
import { outputFormatOf, withDbOption, withFormatOption, withStore, type DbFlags, type FormatFlags } from '../shared/store-flags.js';
import { signerFrom } from '../shared/signer.js';

interface FleetFlags extends DbFlags, FormatFlags {
  readonly framework?: string[];
  readonly staleAfter: string;
  readonly trendDays: string;
  readonly out?: string;
  readonly signKey?: string;
  readonly keyPasswordFile?: string;
}

/** `kubevidence fleet`: every cluster of a central store at a glance, and a signed fleet pack with --out. */
export function register(program: Command): void {
  withFormatOption(withDbOption(program.command('fleet')))
    .description('Per cluster and framework: latest score, passing and fully evidenced requirements, trend; worst requirements across the fleet; stale clusters.')
    .option('--framework <id...>', 'only these frameworks (default: every framework the latest runs scored)')
    .option('--stale-after <interval>', 'a cluster without a run for this long is stale: 2d, 36h, 90m', '2d')
    .option('--trend-days <n>', 'trend = score change over this many days', '30')
    .option('--out <dir>', 'also write a fleet pack (fleet.html, fleet.json, manifest) into a new folder under DIR')
    .option('--sign-key <file>', 'PKCS#12 key to sign the fleet pack with (password from $KUBEVIDENCE_KEY_PASSWORD or --key-password-file)')
    .option('--key-password-file <file>', 'file holding the signing key password')
    .addHelpText('after', '\nExit 0 when the view (and pack) was produced; 2 on bad flags; 5 when the store cannot be read.\nExample:\n  kubevidence fleet --db postgres://kubevidence@db.internal/evidence --stale-after 2d --out /srv/audit --sign-key signer.p12')
    .action((flags: FleetFlags) => showFleet(flags));
}

async function showFleet(flags: FleetFlags): Promise<void> {
  const format = outputFormatOf(flags);
  const staleAfterMs = parseInterval(flags.staleAfter);
  if (staleAfterMs === null) throw usageError(`--stale-after ${flags.staleAfter}: expected a number with d, h or m, e.g. 2d`);
  const trendDays = Number(flags.trendDays);
  if (!Number.isInteger(trendDays) || trendDays < 1) throw usageError(`--trend-days ${flags.trendDays}: expected a whole number of days, at least 1`);
  if (flags.signKey !== undefined && flags.out === undefined) throw usageError('--sign-key signs the fleet pack: give --out too');
  const signer = flags.signKey === undefined ? undefined : signerFrom(flags.signKey, flags.keyPasswordFile);
  const now = new Date();
  const view = withStore(flags, 'read', (store) => buildFleetView(store, { now, staleAfterMs, trendDays, frameworks: flags.framework ?? [], worstLimit: 15 }));
  const pack = flags.out === undefined ? null : await writeFleetPack(view, flags.out, signer, now);
  if (format === 'json') {
    printJson({ ...view, ...(pack === null ? {} : { pack }) });
    return;
  }
  process.stdout.write(fleetTable(view));
  if (pack !== null) process.stdout.write(`fleet pack: ${pack.dir} (${pack.signed ? 'signed' : 'unsigned'})\n`);
}

function fleetTable(view: FleetView): string {
  const rows = view.clusters.flatMap((cluster) =>
    cluster.frameworks.map((row) => [
      cluster.name,
      cluster.lastCollectedAt.slice(0, 16).replace('T', ' ') + (cluster.stale ? ' STALE' : ''),
      row.framework,
      row.score === null ? '—' : row.score.toFixed(1),
      `${row.passing}/${row.requirements}`,
      row.fullyEvidenced === null ? '—' : String(row.fullyEvidenced),
      row.trend === null ? '—' : `${row.trend > 0 ? '+' : ''}${row.trend.toFixed(1)}`,
    ]),
  );
  const worst = view.worstRequirements.map((entry) => [entry.framework, entry.requirement, `${entry.failing}/${entry.clusters}`, String(entry.unknown)]);
  return (
    formatTable(['CLUSTER', 'LAST RUN', 'FRAMEWORK', 'SCORE', 'PASSING', 'FULLY EVIDENCED', `TREND ${view.trendDays}D`], rows) +
    `\nstale (no run within ${view.staleAfterHours} h): ${view.staleClusters.length === 0 ? 'none' : view.staleClusters.join(', ')}\n` +
    (worst.length === 0 ? 'worst requirements: none failing\n' : `\nworst requirements across the fleet:\n${formatTable(['FRAMEWORK', 'REQUIREMENT', 'FAILING CLUSTERS', 'UNKNOWN'], worst)}`)
  );
}

/**
 * The fleet pack: fleet.html and fleet.json with a manifest, signed like any pack. Its provenance names the newest
 * run in the fleet and a digest over every cluster's latest run hash, so the pack pins exactly the runs it shows.
 */
async function writeFleetPack(view: FleetView, outDir: string, signer: Signer | undefined, now: Date): Promise<{ dir: string; signed: boolean }> {
  if (view.clusters.length === 0) throw usageError('the store holds no runs: there is no fleet to report on');
  const parent = resolve(outDir);
  mkdirSync(parent, { recursive: true });
  const dir = join(parent, `fleet-${now.toISOString().replace(/[:.]/g, '-')}`);
  if (existsSync(dir)) throw usageError(`${dir} already exists`);
  const temp = mkdtempSync(join(parent, '.fleet-tmp-'));
  try {
    writeFileSync(join(temp, 'fleet.html'), renderFleetHtml(view));
    writeFileSync(join(temp, 'fleet.json'), `${JSON.stringify(view, null, 2)}\n`);
    const newest = view.clusters.reduce((a, b) => (b.latestRunId > a.latestRunId ? b : a));
    const provenance = {
      runId: newest.latestRunId,
      runHash: sha256Hex(canonicalJson(view.clusters.map((cluster) => ({ cluster: cluster.uid, run: cluster.latestRunId, hash: cluster.latestRunHash })))),
      clusterUid: 'fleet',
      clusterName: `fleet of ${view.clusters.length} cluster(s)`,
      frameworks: [...new Set(view.clusters.flatMap((cluster) => cluster.frameworks.map((row) => row.framework)))],
      catalogueDigest: '',
      toolVersion: TOOL_VERSION,
      generatedAt: view.generatedAt,
    };
    if (signer === undefined) writeUnsignedManifest(temp, provenance);
    else await signPack(temp, signer, provenance, now);
    renameSync(temp, dir);
    return { dir, signed: signer !== undefined };
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}
