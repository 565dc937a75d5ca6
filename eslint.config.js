// Lint rules, including the folder boundaries: services in main/ never import
// electron, native/ drivers stand alone, and the screens see only the API
// contract of main/.
import tseslint from 'typescript-eslint';

const nodeOnly = ['electron'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'tests/artifacts/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/host/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeOnly.map((name) => ({
            name,
            message:
              'Services run under plain Node: only main/host/electron may import electron.',
          })),
          patterns: [
            { group: ['**/renderer/**'], message: 'main/ must not import screen code.' },
            {
              group: ['**/server/**'],
              message: 'The kiosk talks to the county server over HTTP only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['native/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeOnly.map((name) => ({
            name,
            message: 'Drivers run under plain Node.',
          })),
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/server/**'],
              message: 'native/ drivers depend on nothing else in this repository.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeOnly.map((name) => ({
            name,
            message: 'Screens talk to the API contract only.',
          })),
          patterns: [
            {
              group: ['**/main/*', '!**/main/contract', '**/main/!(contract)/**'],
              message: 'Screens may import only main/contract from main/.',
            },
            {
              group: ['**/native/**', '**/server/**', 'node:*'],
              message: 'Screens run in a browser.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeOnly.map((name) => ({
            name,
            message: 'The county server runs under plain Node.',
          })),
          patterns: [
            {
              group: ['**/renderer/**', '**/main/host/**'],
              message: 'The server shares no host code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
