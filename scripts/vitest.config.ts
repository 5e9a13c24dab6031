import { defineConfig } from 'vitest/config';

// Unit tests of the scripts themselves. The editor end-to-end suite has its own config under
// vscode-e2e/; `npm test` runs both, `npm run test:vscode` the editor suite alone.
export default defineConfig({
  test: { include: ['bench/**/*.test.ts', '*.test.ts'] },
});
