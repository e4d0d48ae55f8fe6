/**
 * One vitest project per package. `vitest.config.ts` loads this list, so `npm test` at the root runs
 * every package's tests against source (the `source` export condition), with no build step.
 */
const packages = [
  'provider',
  'core',
  'testkit',
  'openai',
  'anthropic',
  'gemini',
  'ollama',
  'openai-compat',
  'ai-sdk',
  'e2e',
  'redis',
] as const;

export default packages.map((name) => ({
  extends: true as const,
  test: {
    name,
    root: `./packages/${name}`,
    include: ['src/**/*.test.ts'],
  },
}));
