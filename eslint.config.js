import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The layer rules are the point of this file: core stays pure Node so that the engine,
// the CLI and every test run without Electron or a browser.
const forbidUiInCore = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'src/core is pure Node: no Electron imports.' },
    {
      group: ['react', 'react-dom', 'react/*', 'react-dom/*'],
      message: 'src/core is pure Node: no React imports.',
    },
    {
      group: ['**/main/**', '**/renderer/**', '**/preload/**', '**/cli/**'],
      message: 'src/core must not depend on outer layers.',
    },
  ],
};
const rendererOnlyShared = {
  patterns: [
    {
      group: ['electron', 'electron/*', 'node:*'],
      message: 'The renderer talks only through the IPC schema in src/shared.',
    },
    {
      group: ['**/core/**', '**/main/**', '**/preload/**', '**/cli/**'],
      message: 'The renderer may import only src/shared and its own files.',
    },
  ],
};

// Spreading an array into call arguments puts every element on the stack: a few hundred
// thousand (pushed options, warnings, bytes) throw RangeError. Loop or reduce instead.
const noSpreadIntoArguments = [
  {
    selector:
      'CallExpression[callee.property.name=/^(push|unshift|splice|max|min|fromCharCode|fromCodePoint)$/] > SpreadElement',
    message:
      'Spreading an array into arguments overflows the stack on large input; use a loop or reduce.',
  },
  {
    selector: "CallExpression[callee.property.name='apply']",
    message: 'apply() puts every array element on the stack; use a loop or reduce.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test/artifacts/**', 'helper/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', ...noSpreadIntoArguments] },
  },
  { files: ['src/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', forbidUiInCore] } },
  { files: ['src/shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', forbidUiInCore] } },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', rendererOnlyShared],
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Text from configs, zip names and servers reaches the terminal only through src/cli/terminal.ts,
  // which escapes control characters.
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/terminal.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.object.name='process'][object.property.name=/^(stdout|stderr)$/][property.name='write']",
          message:
            'Print through writeLine/writeText in src/cli/terminal.ts (it escapes control characters).',
        },
      ],
    },
  },
);
