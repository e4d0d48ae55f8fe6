/**
 * `npm run examples`: runs every example as its own process, exactly as a user would, and fails on the first
 * that exits non-zero. The README's usage example runs against simulated OpenAI and Anthropic servers, and
 * must be byte-for-byte the code shown in README.md.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeProvider } from '@apikeyrouter/testkit';
import { runMigrationExamples } from './migrating/run-migrating.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs one example in its own process (async: the simulated providers live in this process). */
async function run(file: string, env: Record<string, string> = {}): Promise<void> {
  console.log(`\n▶ ${file}`);
  const child = spawn(process.execPath, ['--conditions=@apikeyrouter/source', '--import', 'tsx', file], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      OPENAI_API_KEY: '',
      ANTHROPIC_API_KEY: '',
      GEMINI_API_KEY: '',
      OLLAMA_BASE_URL: '',
      ...env,
    },
    timeout: 120_000,
  });
  const code = await new Promise<number | string>((resolve) =>
    child.on('exit', (status, signal) => resolve(status ?? signal ?? 'unknown')),
  );
  if (code !== 0) {
    console.error(`✗ ${file} exited with ${code}`);
    process.exit(1);
  }
}

const usage = readFileSync(join(root, 'examples/readme/usage.ts'), 'utf8');
if (!readFileSync(join(root, 'README.md'), 'utf8').includes(usage)) {
  console.error('✗ README.md does not show examples/readme/usage.ts verbatim');
  process.exit(1);
}

await run('examples/quickstart/index.ts');
await run('examples/budgets/budget-basics.ts');
await run('examples/quota/quota-state.ts');
await run('examples/stores/shared-stores.ts');
await run('examples/redis/two-replicas.ts');

const openai = await startFakeProvider({ flavor: 'openai', keys: { 'sk-readme-openai-1': { rpm: 100 } } });
const anthropic = await startFakeProvider({ flavor: 'anthropic', keys: { 'sk-ant-readme-1': { rpm: 100 } } });
try {
  await run('examples/readme/usage.ts', {
    OPENAI_BASE_URL: `${openai.url}/v1`,
    OPENAI_API_KEY: 'sk-readme-openai-1',
    ANTHROPIC_BASE_URL: anthropic.url,
    ANTHROPIC_API_KEY: 'sk-ant-readme-1',
  });
} finally {
  await openai.close();
  await anthropic.close();
}
await runMigrationExamples(run);
console.log('\n✓ all examples ran');
