import { readFileSync } from 'node:fs';
import { startFakeProvider } from '@apikeyrouter/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENV_PROVIDERS } from '../env/env-providers.js';
import { main as dropInProgram } from './drop-in-program.test-helpers.js';
import { main as officialProgram } from './sdk-program.test-helpers.js';

const CANARY = 'sk-proof-CANARY-7f3e9a1c5b';

async function run(program: typeof officialProgram): Promise<string[]> {
  const lines: string[] = [];
  await program((line) => lines.push(line));
  return lines;
}

describe('a program written for the official openai SDK', () => {
  let fake: Awaited<ReturnType<typeof startFakeProvider>>;

  beforeAll(async () => {
    fake = await startFakeProvider({
      flavor: 'openai',
      keys: { [CANARY]: { rpm: 1_000 } },
      models: ['gpt-4o-mini', 'text-embedding-3-small'],
    });
    for (const provider of ENV_PROVIDERS) {
      for (const name of provider.keyVars) {
        vi.stubEnv(name, '');
        vi.stubEnv(`${name}S`, '');
      }
    }
    vi.stubEnv('OLLAMA_BASE_URL', '');
    vi.stubEnv('APIKEYROUTER_TIMEOUT', '');
    vi.stubEnv('OPENAI_API_KEY', CANARY);
    vi.stubEnv('OPENAI_BASE_URL', `${fake.url}/v1`);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await fake.close();
  });

  it('is the same file for both clients except its import line', () => {
    const official = readFileSync(new URL('./sdk-program.test-helpers.ts', import.meta.url), 'utf8').split(
      '\n',
    );
    const dropIn = readFileSync(new URL('./drop-in-program.test-helpers.ts', import.meta.url), 'utf8').split(
      '\n',
    );
    expect(official[0]).toBe("import OpenAI from 'openai';");
    expect(dropIn[0]).toBe("import OpenAI from '@apikeyrouter/openai-compat';");
    expect(dropIn.slice(1)).toEqual(official.slice(1));
  });

  it('prints the same through the drop-in client as through the official SDK, model aside', async () => {
    const official = await run(officialProgram);
    const dropIn = await run(dropInProgram);
    expect(official).toHaveLength(9);
    // The one documented difference: the drop-in names the provider that served the call.
    expect(official[0]).toMatch(/^chat model=gpt-4o-mini /);
    expect(dropIn[0]).toBe(official[0]?.replace('model=gpt-4o-mini', 'model=openai/gpt-4o-mini'));
    expect(dropIn.slice(1)).toEqual(official.slice(1));
    expect(official.slice(1)).toEqual([
      expect.stringMatching(/^chat usage=\d+\/\d+\/\d+$/),
      expect.stringMatching(/^stream finish=stop usage=\d+\/\d+ text=.+/),
      'tool finish=tool_calls name=get_weather args={"text":"Call get_weather for Paris"}',
      expect.stringMatching(/^tool answer=.*Paris.* finish=stop$/),
      expect.stringMatching(/^json parsed=\{"echo":"Reply in JSON"\}$/),
      expect.stringMatching(/^embeddings n=2 dims=8 head=-?\d\.\d{5},-?\d\.\d{5},-?\d\.\d{5} tokens=\d+$/),
      'unknown model: NotFoundError status=404',
      'empty messages: BadRequestError status=400',
    ]);
    expect(dropIn.join('\n')).not.toContain(CANARY);
  });
});
