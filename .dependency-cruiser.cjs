/**
 * DESIGN.md's import rules, checked by dependency-cruiser (`npm run check:imports`, run first by
 * `npm test`). One table says which @switchboard package may import which; the rules below are
 * generated from it, for each package's product code (src) and its tests (test), plus loops.
 */
const ALLOWED = {
  shared: [],
  sip: ['shared'],
  media: ['shared'],
  telephony: ['shared', 'sip', 'media'],
  core: ['shared'],
  protocol: ['shared'],
  store: ['shared', 'core', 'protocol'],
  server: ['shared', 'sip', 'media', 'telephony', 'core', 'protocol', 'store', 'sdk', 'dialer-sim'],
  sdk: ['shared', 'protocol'],
  'adapter-ui': ['sdk', 'protocol', 'crm'],
  // The supervisors' workspace pages (browser code, like the adapter).
  'workspace-ui': ['sdk', 'protocol'],
  // The adapter's CRM bridges: browser code that imports nothing of ours.
  crm: [],
  'dialer-sim': ['shared', 'core'],
  // Shared test helpers (real peers, tools, tone analysis); only tests, e2e and benchmarks import it.
  testkit: ['shared', 'media'],
};
// Third-party modules that must stay out of a package (the pure domain has no I/O).
const FORBIDDEN_EXTERNAL = {
  // Node's own modules resolve without their `node:` prefix ("fs"), so both spellings are matched.
  core: '^((node:)?(dgram|net|http|https|fs|fs/promises|child_process)$|fastify|pg|better-sqlite3|kysely|ws|werift)',
  shared: '^(fastify|pg|better-sqlite3|kysely|ws|werift|pino)',
  protocol: '^((node:)?(assert|buffer|child_process|crypto|dgram|dns|events|fs|fs/promises|http|https|net|os|path|stream|tls|url|util|worker_threads|zlib)$|fastify|pg|better-sqlite3|kysely|werift)',
};

const esc = (s) => s.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&');
const alt = (names) => names.map(esc).join('|');
const PACKAGES = Object.keys(ALLOWED);

const rules = [
  {
    name: 'no-circular',
    comment: 'No import loop, across packages or inside one (a loop hides which module owns what).',
    severity: 'error',
    from: {},
    to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
  },
  {
    name: 'no-circular-types',
    comment:
      'Loops made only of type imports cost nothing at run time but still tangle ownership. ' +
      "Known: sip's UaCore/Dialog/ServerRequest interfaces (to untangle with the SIP edge work).",
    severity: 'warn',
    from: {},
    to: { circular: true },
  },
  {
    name: 'unlisted-package',
    comment: 'Every folder under packages/ has its row in the import-rule table (.dependency-cruiser.cjs).',
    severity: 'error',
    from: { path: `^packages/(?!(${alt(PACKAGES)})/)[^/]+/` },
    to: {},
  },
  {
    name: 'not-to-unresolvable',
    comment: 'An import that resolves to nothing is a typo or a missing dependency.',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
  {
    name: 'no-undeclared-npm-dependency',
    comment: 'A third-party module imported by a package must be in that package\'s package.json.',
    severity: 'error',
    from: { path: '^packages/' },
    to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
  },
  {
    name: 'no-product-code-imports-testkit',
    comment: 'testkit is for tests, e2e and benchmarks only.',
    severity: 'error',
    from: { path: '^packages/[^/]+/src/', pathNot: '^packages/testkit/' },
    to: { path: '^packages/testkit/' },
  },
  {
    name: 'e2e-and-bench-through-public-entries',
    comment:
      'e2e suites and benchmarks use a package through its public entry (src/index.ts) and testkit, never its internals. ' +
      "Exception: the server's own test helpers, which start the real server in-process as its tests do.",
    severity: 'error',
    from: { path: '^(e2e|bench)/' },
    to: {
      path: '^packages/[^/]+/',
      pathNot: ['^packages/[^/]+/src/index\\.ts$', '^packages/testkit/src/', '^packages/server/test/(calls/)?helpers\\.ts$'],
    },
  },
];

for (const [pkg, allowed] of Object.entries(ALLOWED)) {
  const mayReach = [pkg, ...allowed];
  rules.push({
    name: `${pkg}-imports`,
    comment: `${pkg}'s code may import only: ${allowed.length ? allowed.join(', ') : 'nothing of ours'} (DESIGN.md).`,
    severity: 'error',
    from: { path: `^packages/${esc(pkg)}/src/` },
    to: { path: '^packages/', pathNot: `^packages/(${alt(mayReach)})/` },
  });
  rules.push({
    name: `${pkg}-tests-imports`,
    comment: `${pkg}'s tests import their own package, what it may import, and testkit; another package only through its public entry.`,
    severity: 'error',
    from: { path: `^packages/${esc(pkg)}/test/` },
    to: {
      path: '^packages/',
      pathNot: [`^packages/${esc(pkg)}/`, `^packages/(${alt([...allowed, 'testkit'])})/src/index\\.ts$`, '^packages/testkit/src/'],
    },
  });
  // Another package's internals (anything but its index) stay out of reach from src too.
  rules.push({
    name: `${pkg}-through-public-entries`,
    comment: `${pkg} uses other packages through their public entry (src/index.ts), not their internals or tests.`,
    severity: 'error',
    from: { path: `^packages/${esc(pkg)}/src/` },
    // protocol's second entry (src/wire.ts) holds its plain constants without zod, for browser bundles.
    to: { path: '^packages/', pathNot: [`^packages/${esc(pkg)}/`, '^packages/[^/]+/src/index\\.ts$', '^packages/protocol/src/wire\\.ts$'] },
  });
  if (FORBIDDEN_EXTERNAL[pkg]) {
    rules.push({
      name: `${pkg}-stays-pure`,
      comment: `${pkg} must stay free of I/O and frameworks.`,
      severity: 'error',
      from: { path: `^packages/${esc(pkg)}/src/` },
      to: { path: FORBIDDEN_EXTERNAL[pkg] },
    });
  }
}

module.exports = {
  forbidden: rules,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
