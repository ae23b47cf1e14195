// `npm run lint` (with dependency-cruiser's .dependency-cruiser.cjs): typescript-eslint's type-checked
// recommended rules over the server (src/). Tests, benchmarks, scripts and front ends are not linted yet:
// they held about 4,500 findings when lint came in (node:test's floating promises, `any` from res.json()).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Off: fastify plugins, handlers and hooks, oidc-provider's configuration hooks and the
      // Connector interface are async by contract (fastify awaits what they return; a synchronous
      // fastify handler would have to call reply.send itself), so an implementation that happens to
      // need no await is correct as written. Floating and misused promises stay errors.
      '@typescript-eslint/require-await': 'off',
      // A leading underscore names a parameter or element that must be there for its position
      // (a callback's signature, a tuple being skipped) but is not read.
      // A variable a callback reads before its one assignment (a worker's own id, known only once
      // the call that registers the callback returns) must be `let`: `const` would be read in its
      // temporal dead zone.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
