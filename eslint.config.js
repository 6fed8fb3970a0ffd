// ESLint: JavaScript's and typescript-eslint's recommended rules (not type-aware, so it stays fast),
// over the sources, tests, benchmarks and scripts. `npm run lint`; `npm test` runs it too.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/', '**/dist/', '**/build/', 'packages/tfjs-backend-onednn/native/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      // The few plain JavaScript files (the kiln bin, the native build script) run in Node.
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    rules: {
      // `_name` marks a parameter an interface requires but this implementation does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The dashboard's page runs in the browser.
  { files: ['packages/kiln/static/**/*.js'], languageOptions: { globals: globals.browser } },
);
