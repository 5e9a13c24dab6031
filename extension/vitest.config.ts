import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The extension host provides `vscode`; tests get the recording fake instead.
    alias: { vscode: fileURLToPath(new URL('./src/test-support/fake-vscode.ts', import.meta.url)) },
  },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
