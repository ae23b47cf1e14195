/**
 * The floor plan's dependency rules (docs/architecture.md, "Dependencies point one way"),
 * checked by `npm run lint`. A product is a folder under src/ other than platform/ and cli/;
 * src/app.ts and src/products.ts are the composition root.
 */
const PRODUCT = '^src/(?!platform/|cli/)([^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: modules that need each other cannot be understood, tested or set up one at a time.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'Two folders of src/ import each other (through any modules): dependencies point one way.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'product-through-its-index',
      severity: 'error',
      comment: "Another product is used only through what its index.ts exports, never through its internals.",
      from: { path: '^src/([^/]+)/' },
      to: { path: PRODUCT, pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'root-through-product-index',
      severity: 'error',
      comment: 'The composition root (src/app.ts, src/products.ts) also takes each product from its index.ts.',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: PRODUCT, pathNot: '^src/[^/]+/index\\.ts$' },
    },
    {
      name: 'platform-imports-no-product',
      severity: 'error',
      comment: 'The platform serves every product and knows none of them (nor the CLI or the composition root).',
      from: { path: '^src/platform/' },
      to: { path: '^src/', pathNot: '^src/platform/' },
    },
    {
      name: 'src-imports-no-tooling',
      severity: 'error',
      comment: 'The shipped server never imports tests, benchmarks or scripts.',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'src-imports-no-dev-dependency',
      severity: 'error',
      comment: 'A production install has no devDependencies: the server must not need one.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'not-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
