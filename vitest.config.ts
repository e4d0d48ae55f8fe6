import { defineConfig } from 'vitest/config';
import workspace from './vitest.workspace.js';

export default defineConfig({
  resolve: { conditions: ['@apikeyrouter/source'] },
  ssr: { resolve: { conditions: ['@apikeyrouter/source'] } },
  test: {
    projects: workspace,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'threads',
  },
});
