// Lint: typescript-eslint recommended, and the engine stays free of Electron, React and DOM.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'coverage/**', 'node_modules/**', 'bench/.cache/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/main/engine/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'The engine is pure: no Electron.' },
          { name: 'react', message: 'The engine is pure: no React.' },
          { name: 'react-dom', message: 'The engine is pure: no DOM.' },
          { name: 'pg', message: 'The engine never imports a store adapter.' },
          { name: '@aws-sdk/client-s3', message: 'The engine never imports a store adapter.' },
          { name: '@zilliz/milvus2-sdk-node', message: 'The engine never imports a store adapter.' },
        ],
        patterns: [{ group: ['electron/*', 'react-dom/*', '**/store/*', '**/app/*', '**/renderer/*'], message: 'Imports point down only.' }],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
);
