import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'var/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  // shared/ is pure: no I/O, no clock, no randomness.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'express', 'socket.io', 'pg', '../server/*', '../client/*', '../../server/*', '../../client/*'] }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'shared/ is pure: pass now in.' },
        { object: 'Math', property: 'random', message: 'shared/ is pure: pass ids / seeds in.' }],
    },
  },
  { files: ['server/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: ['../client/*', '../../client/*'] }] } },
  { files: ['client/**/*.{ts,tsx}'], rules: { 'no-restricted-imports': ['error', { patterns: ['../server/*', '../../server/*', '../../../server/*'] }] } },
  // Tests read untyped HTTP bodies; asserting on them is the point.
  { files: ['test/**/*.ts', '**/*.test.ts', '**/*.test.tsx'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['vite.config.ts', 'vitest.config.ts', 'eslint.config.js'], rules: { 'no-restricted-syntax': 'off' } },
);
