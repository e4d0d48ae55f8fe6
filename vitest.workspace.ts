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
  'server',
  'openai-compat',
  'ai-sdk',
  'e2e',
  'dashboard',
  'redis',
] as const;

/** Tests of `@apikeyrouter/ai-sdk` driven by `ai@7` (the `ai-v7` dev dependency alias). */
const AI_V7_TESTS = 'src/ai-v7/**/*.test.ts';

const nodeMajor = Number(process.versions.node.split('.')[0]);

/**
 * `ai@7` declares `engines: { node: ">=22" }`, while the library itself supports Node 20 (where `ai@6` is
 * proven by the `ai-sdk` project). So the `ai-sdk-ai7` project exists only when vitest runs on Node 22 or
 * newer: CI's Node 22 and 24 runs include it, and the Node 20 run omits the whole project rather than
 * skipping its tests, so every test that is collected also runs.
 */
const aiV7Projects =
  nodeMajor >= 22
    ? [
        {
          extends: true as const,
          test: { name: 'ai-sdk-ai7', root: './packages/ai-sdk', include: [AI_V7_TESTS] },
        },
      ]
    : [];

export default [
  ...packages.map((name) => ({
    extends: true as const,
    test: {
      name,
      root: `./packages/${name}`,
      include: ['src/**/*.test.ts'],
      exclude: name === 'ai-sdk' ? [AI_V7_TESTS] : [],
    },
  })),
  ...aiV7Projects,
];
