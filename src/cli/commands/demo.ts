import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RunSummary } from '../../domain/run.js';
import { loadAssessmentInputs, runPipeline, writeReport } from '../../pipeline.js';
import { generateSelfSignedP12, loadSigner, readKeyPassword } from '../../sign/index.js';
import { openStore, type EvidenceStore } from '../../store/index.js';
import { PROJECT_ROOT } from '../../version.js';
import { formatTable } from '../output.js';

const DEMO_DIR = join(PROJECT_ROOT, 'demo');
const FRAMEWORKS = ['pci-dss-4.0', 'hipaa-security-rule', 'soc2-tsc-2017', 'nist-800-53-r5'];

export function register(program: Command): void {
  program
    .command('demo')
    .description('The main job on the bundled demo cluster: three dated snapshots stored as runs, and a signed audit pack.')
    .option('--out <dir>', 'where the demo database, signing key and pack go', 'reports/demo')
    .addHelpText('after', '\nRun by `npm start`. Running it again adds nothing: the same snapshots are the same runs.')
    .action(async (flags: { out: string }) => {
      await runDemo(flags.out);
    });
}

async function runDemo(outDir: string): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const inputs = loadAssessmentInputs({ waiversFile: join(DEMO_DIR, 'waivers.yaml'), frameworks: FRAMEWORKS });
  const signer = demoSigner(outDir);
  const store = openStore(join(outDir, 'kubevidence.db'));
  try {
    attestAccessReview(store);
    const runs: RunSummary[] = [];
    for (const file of snapshotFiles()) {
      const outcome = await runPipeline({ source: { type: 'file', path: file }, inputs, store });
      runs.push(outcome.summary);
    }
    const latest = runs.at(-1);
    const first = runs[0];
    if (latest === undefined || first === undefined) throw new Error('the demo has no snapshots');
    const pack = await writeReport({ store, runId: latest.id, outDir, catalogues: inputs.catalogues, frameworks: FRAMEWORKS, signer, generatedAt: new Date() });
    process.stdout.write(summaryOf(runs, store.diffRuns(first.id, latest.id).findings, pack.dir));
  } finally {
    store.close();
  }
}

function snapshotFiles(): string[] {
  const dir = join(DEMO_DIR, 'snapshots');
  return readdirSync(dir).filter((name) => name.endsWith('.snapshot.json')).sort().map((name) => join(dir, name));
}

/** A trial signing key for the demo, made once; its password sits next to it (mode 0600), as a mounted Secret would. */
function demoSigner(outDir: string): ReturnType<typeof loadSigner> {
  const keyFile = join(outDir, 'demo-signer.p12');
  const passwordFile = join(outDir, 'demo-key-password');
  if (!existsSync(keyFile) || !existsSync(passwordFile)) {
    const password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    writeFileSync(keyFile, generateSelfSignedP12({ subject: 'CN=kubevidence demo signer, O=ACME Corp (demo)', password }), { mode: 0o600 });
  }
  return loadSigner(keyFile, readKeyPassword({ passwordFile }));
}

/** The demo's manual evidence: the half-year access review PCI DSS 7.2.4 asks for, attested once. */
function attestAccessReview(store: EvidenceStore): void {
  const by = 'Dana Smith <dana.smith@acme.example>';
  const existing = store.listAttestations({ framework: 'pci-dss-4.0' }).some((attestation) => attestation.requirement === '7.2.4' && attestation.by === by);
  if (existing) return;
  store.addAttestation({
    framework: 'pci-dss-4.0',
    requirement: '7.2.4',
    by,
    note: 'Half-yearly access review of cluster users, groups and service accounts completed and signed off by the CISO.',
    expiresAt: '2026-12-31',
    files: [join(DEMO_DIR, 'evidence', 'access-review-2026-H1.md')],
    createdAt: '2026-06-15T09:00:00.000Z',
  });
}

function summaryOf(runs: readonly RunSummary[], findings: { readonly newlyFailing: readonly unknown[]; readonly fixed: readonly unknown[] }, packDir: string): string {
  const headers = ['FRAMEWORK', ...runs.map((run) => run.collectedAt.slice(0, 10))];
  const rows = FRAMEWORKS.map((framework) => [framework, ...runs.map((run) => formatScore(run.scores.find((score) => score.framework === framework)?.score))]);
  return [
    `kubevidence demo: cluster acme-prod, ${runs.length} runs`,
    '',
    formatTable(headers, rows).trimEnd(),
    '',
    `since ${runs[0]?.collectedAt.slice(0, 10) ?? ''}: ${findings.fixed.length} findings fixed, ${findings.newlyFailing.length} newly failing`,
    `signed audit pack: ${packDir}  (report.pdf, report.html, findings.json, findings.csv, assessment-results.json)`,
    `verify it: node bin/kubevidence.js verify ${packDir}`,
    '',
  ].join('\n');
}

function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? '-' : `${score.toFixed(1)}%`;
}
