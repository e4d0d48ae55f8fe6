/**
 * The migration examples as `examples/run-all.ts` runs them: each against its own fresh simulated OpenAI,
 * Anthropic and Ollama servers on loopback, with the environment a user would set (keys and base URLs),
 * plus the scripted faults an example relies on to show failover.
 */
import { type FaultSpec, startFakeProvider } from '@apikeyrouter/testkit';

interface Example {
  file: string;
  /** Faults the simulated OpenAI serves first. */
  openaiFaults?: FaultSpec[];
}

const EXAMPLES: Example[] = [
  { file: 'examples/migrating/openai-sdk/before.ts' },
  { file: 'examples/migrating/openai-sdk/after-drop-in.ts' },
  { file: 'examples/migrating/openai-sdk/after-router.ts' },
  // Both OpenAI keys answer 503 to the first call, so the fallback to Claude is visible.
  { file: 'examples/migrating/onellm/after.ts', openaiFaults: [{ kind: 'overloaded', times: 2 }] },
  { file: 'examples/migrating/litellm/after.ts' },
  { file: 'examples/migrating/hosted-gateway/after.ts' },
  { file: 'examples/migrating/ai-sdk/after.ts' },
];

/**
 * Runs every migration example through `run` (which spawns it and fails the run on a non-zero exit).
 *
 * @example
 * await runMigrationExamples((file, env) => run(file, env));
 */
export async function runMigrationExamples(
  run: (file: string, env: Record<string, string>) => Promise<void>,
): Promise<void> {
  for (const example of EXAMPLES) {
    const openai = await startFakeProvider({
      flavor: 'openai',
      keys: { 'sk-migrate-openai-1': { rpm: 500 }, 'sk-migrate-openai-2': { rpm: 500 } },
      faults: example.openaiFaults ?? [],
    });
    const anthropic = await startFakeProvider({
      flavor: 'anthropic',
      keys: { 'sk-ant-migrate-1': { rpm: 500 } },
    });
    const ollama = await startFakeProvider({ flavor: 'ollama', keys: {} });
    try {
      await run(example.file, {
        OPENAI_BASE_URL: `${openai.url}/v1`,
        OPENAI_API_KEY: 'sk-migrate-openai-1',
        OPENAI_API_KEYS: 'sk-migrate-openai-1,sk-migrate-openai-2',
        ANTHROPIC_BASE_URL: anthropic.url,
        ANTHROPIC_API_KEY: 'sk-ant-migrate-1',
        OLLAMA_BASE_URL: ollama.url,
      });
    } finally {
      await Promise.all([openai.close(), anthropic.close(), ollama.close()]);
    }
  }
}
