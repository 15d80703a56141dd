import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // src/load/fast.cts is TypeScript too (CommonJS, for the parse worker)
  oxc: { include: /\.(m?ts|cts|[jt]sx)$/ },
  resolve: {
    // the precompiled schema validators exist only in dist/ (written by `npm run build`)
    alias: [{ find: /^\.\/schemas\.generated\.js$/, replacement: fileURLToPath(new URL('./dist/validate/schemas.generated.js', import.meta.url)) }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
