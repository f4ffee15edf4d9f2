import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * The module graph, lowest layer first (docs/architecture.md draws it). A folder of src/ may import only folders
 * of lower layers; folders of one layer do not import each other. The files directly in src/ (main, app module,
 * app factory, database list) sit on top and may import anything.
 */
export const LAYERS = [
  ['config'],
  ['common'],
  ['jobs'],
  ['audit'],
  ['identity'],
  ['events'],
  ['skills'],
  ['requisitions'],
  ['candidates'],
  ['pipeline'],
  ['resumes'],
  ['matching'],
  ['evaluation', 'notes', 'offers', 'eeo'],
  ['job-boards', 'webhooks', 'health'],
  ['reports'],
  // Candidate privacy: erasure, retention and export orchestrate the repositories of every feature that stores
  // personal data.
  ['privacy'],
  // Metrics and traces: features report to it through src/common/diagnostics.ts, never by importing it.
  ['observability'],
];

/** Tooling that boots or describes the whole application: above everything, like the files at the top of src/. */
const TOOLS = ['seed', 'schema'];

/** One no-restricted-imports rule per folder: every folder not below it is out of bounds. */
function layerRules() {
  return LAYERS.flatMap((layer, index) =>
    layer.map((folder) => {
      const forbidden = [...LAYERS.slice(index).flat(), ...TOOLS].filter((other) => other !== folder);
      return {
        files: [`src/${folder}/**/*.ts`],
        rules: {
          'no-restricted-imports': [
            'error',
            {
              patterns: [
                {
                  // A relative import climbs to src/ and enters a folder: that folder is what the first segment
                  // after the climb names.
                  regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
                  message: `src/${folder} may import only lower layers (eslint.config.mjs LAYERS, docs/architecture.md); react to a higher module through a listener it registers.`,
                },
                {
                  // The top of the graph (app module, main, the database list) imports everything, so nothing
                  // below may import it back.
                  regex: '^(\\.\\./)+(app\\.module|app\\.factory|main|database|openapi)$',
                  message: 'Only the files at the top of src/ import these.',
                },
              ],
            },
          ],
        },
      };
    }),
  );
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', 'jest.config.js', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Nest's decorators and GraphQL's type functions rely on classes and metadata these rules misjudge.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/require-await': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/graphql',
              importNames: ['GraphQLISODateTime'],
              message:
                'Use GraphQLDateTime (src/common/graphql/date-time.scalar.ts): it refuses impossible dates as BAD_USER_INPUT.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through src/config/environment.ts (Environment), not process.env.',
        },
      ],
    },
  },
  {
    // Files that import each other in a circle, within a folder or across folders.
    files: ['src/**/*.ts'],
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  ...layerRules(),
  {
    // Tests, tooling and the configuration loader itself read the environment and handle loose JSON.
    files: [
      'test/**/*.ts',
      'bench/**/*.ts',
      'src/config/environment.ts',
      'src/schema/migration-cli.ts',
      'src/seed/**/*.ts',
    ],
    rules: {
      'no-restricted-syntax': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
