import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test-results/', 'src/ui/static/vendor/', 'scratch/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['solver/**/*.ts', 'calendars/**/*.ts'],
    ignores: ['solver/bench/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../src/**', '../../src/**', '../../../src/**', 'typeorm', 'express'], message: 'solver/ and calendars/ are pure libraries' }] },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'no process.env in pure libraries' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'inject the clock' },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { module: 'writable', require: 'readonly' } } },
  // The web UI's small page scripts run in the browser, after rota.js has defined `rota`.
  {
    files: ['src/http/ui/assets/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, rota: 'readonly' } },
  },
);
