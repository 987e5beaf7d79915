// Lint is part of the architecture: the module-boundary rule below is what keeps
// domain code free of NestJS, transports and databases (see docs/architecture.md).
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const infrastructurePackages = [
  '@nestjs/*',
  'kafkajs',
  'ioredis',
  'pg',
  'pg-*',
  '@mikro-orm/*',
  '@eventstore/*',
  '@electric-sql/*',
  '@opentelemetry/*',
  'fastify',
  '@fastify/*',
  'passport',
  'passport-*',
];

/**
 * The dependency rules of docs/architecture.md. Test files may also use the test
 * harness (type:testing); production code may not.
 */
function dependencyRules({ inTests }) {
  const withHarness = (tags) => (inTests ? [...tags, 'type:testing'] : tags);
  return [
    { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: [], bannedExternalImports: [...infrastructurePackages, 'node:*'] },
    { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: [...infrastructurePackages, 'node:*'] },
    { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:kernel'], bannedExternalImports: [...infrastructurePackages, 'node:*'] },
    { sourceTag: 'type:engine', onlyDependOnLibsWithTags: ['type:kernel', 'type:engine'], bannedExternalImports: infrastructurePackages },
    { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:infra'] },
    { sourceTag: 'type:read-model', onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:infra'] },
    { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:contracts', 'type:kernel', 'type:read-model', 'type:engine'] },
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:infra', 'type:contracts', 'type:kernel', 'type:read-model', 'type:engine'] },
    {
      sourceTag: 'type:testing',
      onlyDependOnLibsWithTags: ['type:kernel', 'type:contracts', 'type:infra', 'type:read-model', 'type:engine', 'type:feature', 'type:domain'],
    },
    { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:identity', 'scope:shared'] },
    { sourceTag: 'scope:tenancy', onlyDependOnLibsWithTags: ['scope:tenancy', 'scope:shared'] },
    { sourceTag: 'scope:workflows', onlyDependOnLibsWithTags: ['scope:workflows', 'scope:shared', 'scope:engine'] },
    { sourceTag: 'scope:execution', onlyDependOnLibsWithTags: ['scope:execution', 'scope:shared', 'scope:engine'] },
    { sourceTag: 'scope:billing', onlyDependOnLibsWithTags: ['scope:billing', 'scope:shared'] },
    { sourceTag: 'scope:engine', onlyDependOnLibsWithTags: ['scope:engine', 'scope:shared'] },
    { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
    // The gateway authenticates at the edge: identity's authenticator, tenancy's memberships, billing's API-call meter; no routes of theirs.
    { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared', 'scope:gateway', 'scope:identity', 'scope:tenancy', 'scope:billing'] },
    // A distributed service app: its context, plus the ports every service's access guard needs (identity, tenancy).
    { sourceTag: 'scope:identity-service', onlyDependOnLibsWithTags: ['scope:shared', 'scope:identity', 'scope:tenancy'] },
    { sourceTag: 'scope:tenancy-service', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tenancy', 'scope:identity'] },
    { sourceTag: 'scope:billing-service', onlyDependOnLibsWithTags: ['scope:shared', 'scope:billing', 'scope:identity', 'scope:tenancy'] },
    // Workflows also names the execution catalog projection its answers wait for.
    {
      sourceTag: 'scope:workflows-service',
      onlyDependOnLibsWithTags: ['scope:shared', 'scope:engine', 'scope:workflows', 'scope:execution', 'scope:identity', 'scope:tenancy'],
    },
    // Execution also runs with the workflows' credential vault (RUN_CREDENTIALS) and billing's run meter (RUN_METER).
    {
      sourceTag: 'scope:execution-service',
      onlyDependOnLibsWithTags: ['scope:shared', 'scope:engine', 'scope:execution', 'scope:workflows', 'scope:identity', 'scope:tenancy', 'scope:billing'],
    },
    {
      sourceTag: 'scope:projector',
      onlyDependOnLibsWithTags: ['scope:shared', 'scope:projector', 'scope:identity', 'scope:tenancy', 'scope:workflows', 'scope:execution', 'scope:billing'],
    },
    // The worker runs executions with the workflows' credential vault (RUN_CREDENTIALS) and billing's run meter (sub-workflows), and retention with tenancy's ORGANIZATION_RETENTION port.
    {
      sourceTag: 'scope:worker',
      onlyDependOnLibsWithTags: ['scope:shared', 'scope:engine', 'scope:execution', 'scope:workflows', 'scope:tenancy', 'scope:billing', 'scope:worker'],
    },
    {
      sourceTag: 'scope:platform',
      onlyDependOnLibsWithTags: [
        'scope:shared',
        'scope:engine',
        'scope:identity',
        'scope:tenancy',
        'scope:workflows',
        'scope:execution',
        'scope:billing',
        'scope:platform',
      ],
    },
  ].map((rule) =>
    rule.onlyDependOnLibsWithTags && rule.sourceTag.startsWith('type:')
      ? { ...rule, onlyDependOnLibsWithTags: withHarness(rule.onlyDependOnLibsWithTags) }
      : rule,
  );
}

const boundaryRule = (inTests) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allowCircularSelfDependency: false,
    banTransitiveDependencies: false,
    checkDynamicDependenciesExceptions: [],
    depConstraints: dependencyRules({ inTests }),
  },
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.data/**', '**/__fixtures__/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ImportExpression[source.value=/^@weft\\/.+\\/.+/]', message: 'No deep imports into @weft libraries.' }],
      '@nx/enforce-module-boundaries': boundaryRule(false),
    },
  },
  {
    // Nx's bannedExternalImports does not cover Node built-ins; pure code bans them here.
    files: ['libs/*/domain/**/*.ts', 'libs/shared/kernel/**/*.ts', 'libs/contracts/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(node:.*|fs|path|os|crypto|http|https|net|child_process|worker_threads|process|url|events|stream|util)$',
              message: 'Domain code is pure: no Node built-ins (take time, ids and I/O from the caller).',
            },
          ],
        },
      ],
    },
  },
  {
    // Sizes a reader can hold in their head (docs/conventions): split a longer file by role,
    // a longer function into named steps. Tests and the test harness may be longer.
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.contract.ts', '**/*fixtures.ts', 'libs/shared/testing/**'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.contract.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@nx/enforce-module-boundaries': boundaryRule(true) },
  },
  {
    files: ['tools/**/*.mjs', '*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  // Formatting is Prettier's (checked by `npm run format:check`): no lint rule argues with it.
  prettier,
);
