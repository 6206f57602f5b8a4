/**
 * The architecture rules of kubevidence, checked by test/architecture.test.ts (part of `npm test`).
 * Data flows collect → evaluate (checks) → map (catalog) → store → report → sign; a stage never imports a later
 * one. domain/ and contracts/ are shared by every stage; pipeline.ts, schedule/ and cli/ sit on top.
 */
const STAGES = ['collect', 'checks', 'catalog', 'store', 'report', 'sign'];
const ON_TOP = ['src/pipeline\\.ts', 'src/schedule/', 'src/cli/'];

const stageRules = STAGES.map((stage, index) => ({
  name: `stage-order-${stage}`,
  comment: `${stage}/ is a pipeline stage: it may import earlier stages, domain/ and contracts/, never a later stage or the layers on top`,
  severity: 'error',
  from: { path: `^src/${stage}/` },
  to: { path: [...STAGES.slice(index + 1).map((later) => `^src/${later}/`), ...ON_TOP.map((top) => `^${top}`)] },
}));

/** A library used only by the folders that wrap it, so a replacement touches one folder. */
const LIBRARY_HOMES = [
  { library: '@kubernetes/client-node', home: 'src/collect/' },
  { library: 'better-sqlite3', home: 'src/store/' },
  { library: 'handlebars', home: 'src/report/' },
  { library: 'pdfkit', home: 'src/report/writers/pdf/' },
  { library: 'node-cron', home: 'src/schedule/' },
];

const libraryRules = LIBRARY_HOMES.map(({ library, home }) => ({
  name: `library-home-${library.replace(/[^a-z0-9]+/gi, '-')}`,
  comment: `${library} is imported only under ${home}`,
  severity: 'error',
  from: { path: '^src/', pathNot: `^${home}` },
  to: { path: `node_modules/${library}/` },
}));

module.exports = {
  forbidden: [
    ...stageRules,
    {
      name: 'shared-imports-nothing-above',
      comment: 'domain/ and contracts/ are importable by all, so they import only domain/ (and libraries)',
      severity: 'error',
      from: { path: '^src/(domain|contracts)/' },
      to: { path: '^src/', pathNot: ['^src/domain/', '^src/contracts/', '^src/errors\\.ts$'] },
    },
    {
      name: 'schedule-calls-the-pipeline',
      comment: 'the scheduler runs jobs through pipeline.ts; it composes no stage itself',
      severity: 'error',
      from: { path: '^src/schedule/' },
      to: { path: STAGES.map((stage) => `^src/${stage}/`) },
    },
    {
      name: 'nothing-imports-cli',
      comment: 'cli/ parses flags and calls stages; nothing outside it depends on it',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'command-imports-no-command',
      comment: 'a command file imports no other command file; shared helpers live in src/cli/shared/',
      severity: 'error',
      from: { path: '^src/cli/commands/(?!index\\.ts$)' },
      to: { path: '^src/cli/commands/' },
    },
    {
      name: 'pdfkit-internals-fenced',
      comment: 'only the PDF writer enters pdfkit-internals/, through its index.ts',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/report/writers/pdf/' },
      to: { path: '^src/report/writers/pdf/pdfkit-internals/' },
    },
    ...libraryRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensionAlias: { '.js': ['.ts', '.js'] } },
  },
};
