import Handlebars from 'handlebars';
import type { FleetView } from './model.js';

// Every value is printed with {{ }} (escaped): cluster names and requirement ids come from the clusters.
const TEMPLATE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fleet compliance — {{generatedAt}}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}table{border-collapse:collapse;margin:1rem 0}
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}th{background:#f3f3f3}.stale{color:#a40000;font-weight:600}
.num{text-align:right}</style></head><body>
<h1>Fleet compliance</h1>
<p>Generated {{generatedAt}} from {{clusterCount}} cluster(s). A cluster is stale when its latest run is older than {{staleAfterHours}} h.
Trend: score change over the last {{trendDays}} day(s).</p>
<section id="clusters"><h2>Clusters</h2>
<table><thead><tr><th>Cluster</th><th>UID</th><th>Last run</th><th>Runs</th><th>Framework</th><th class="num">Score</th><th class="num">Passing</th><th class="num">Fully evidenced</th><th class="num">Trend</th></tr></thead><tbody>
{{#each rows}}<tr{{#if stale}} class="stale"{{/if}}><td>{{name}}</td><td>{{uid}}</td><td>{{lastCollectedAt}}{{#if stale}} (stale){{/if}}</td><td class="num">{{runs}}</td><td>{{framework}}</td><td class="num">{{score}}</td><td class="num">{{passing}}</td><td class="num">{{fullyEvidenced}}</td><td class="num">{{trend}}</td></tr>
{{/each}}</tbody></table></section>
<section id="stale"><h2>Stale evidence</h2>{{#if staleClusters.length}}<ul>{{#each staleClusters}}<li class="stale">{{this}}</li>{{/each}}</ul>{{else}}<p>Every cluster has a run within the expected interval.</p>{{/if}}</section>
<section id="worst"><h2>Worst requirements across the fleet</h2>
{{#if worst.length}}<table><thead><tr><th>Framework</th><th>Requirement</th><th class="num">Failing clusters</th><th class="num">Unknown</th><th>Failing in</th></tr></thead><tbody>
{{#each worst}}<tr><td>{{framework}}</td><td>{{requirement}}</td><td class="num">{{failing}} of {{clusters}}</td><td class="num">{{unknown}}</td><td>{{failingIn}}</td></tr>
{{/each}}</tbody></table>{{else}}<p>No requirement fails or is unknown in any cluster's latest run.</p>{{/if}}</section>
</body></html>
`;

const render = Handlebars.compile(TEMPLATE, { strict: true });

export function renderFleetHtml(view: FleetView): Buffer {
  const rows = view.clusters.flatMap((cluster) =>
    (cluster.frameworks.length === 0 ? [null] : cluster.frameworks).map((row) => ({
      name: cluster.name,
      uid: cluster.uid,
      lastCollectedAt: cluster.lastCollectedAt,
      runs: cluster.runs,
      stale: cluster.stale,
      framework: row?.framework ?? '—',
      score: row?.score ?? '—',
      passing: row === null ? '—' : `${row.passing} of ${row.requirements}`,
      fullyEvidenced: row?.fullyEvidenced ?? '—',
      trend: row?.trend === null || row === null ? '—' : `${row.trend > 0 ? '+' : ''}${row.trend}`,
    })),
  );
  const worst = view.worstRequirements.map((entry) => ({ ...entry, failingIn: entry.failingClusters.join(', ') }));
  return Buffer.from(
    render({
      generatedAt: view.generatedAt,
      clusterCount: view.clusters.length,
      staleAfterHours: view.staleAfterHours,
      trendDays: view.trendDays,
      rows,
      staleClusters: view.staleClusters,
      worst,
    }),
  );
}
