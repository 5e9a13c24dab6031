import { defineConfig } from 'vitest/config';

// The extension in a real VS Code (code-server) driven by Chromium. Files run one after another
// (each starts an editor and a browser; the machine has two cores) with generous timeouts: the
// first run also installs code-server.
export default defineConfig({
  test: {
    include: ['vscode-e2e/**/*.test.ts'],
    root: new URL('..', import.meta.url).pathname,
    globalSetup: ['vscode-e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
    teardownTimeout: 60_000,
  },
});
