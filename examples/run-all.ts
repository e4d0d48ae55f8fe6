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

/**
 * `npm run gateway` as a user runs it, on a free port: waits for its "listening on" line, sends one chat
 * completion through it with the sample gateway key, then stops it with SIGTERM (graceful drain).
 */
async function runGateway(): Promise<void> {
  const file = 'examples/gateway/index.ts';
  console.log(`\n▶ ${file}`);
  const child = spawn(process.execPath, ['--conditions=@apikeyrouter/source', '--import', 'tsx', file], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORT: '0' },
    timeout: 120_000,
  });
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (status, signal) => resolve(status ?? signal ?? 'unknown')),
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`gateway exited with ${code} before listening`)));
  });
  console.log(output.split('\n')[0]);
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer akr-demo-0123456789abcdef', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello gateway' }] }),
  });
  const body = (await res.json()) as { choices?: { message?: { content?: string } }[] };
  console.log(
    `  ${res.status} ${body.choices?.[0]?.message?.content} via ${res.headers.get('x-apikeyrouter-key-id')}`,
  );
  child.kill('SIGTERM');
  const code = await exited;
  if (res.status !== 200 || code !== 0) {
    console.error(`✗ ${file}: status ${res.status}, exit ${code}`);
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
await run('examples/quota/quota-groups.ts');
await run('examples/admission/overload.ts');
await run('examples/observability/otel-setup.ts');
await run('examples/stores/shared-stores.ts');
await run('examples/redis/two-replicas.ts');
await run('examples/redis/leases.ts');
await run('examples/routing/outage-and-affinity.ts');

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
await runGateway();
console.log('\n✓ all examples ran');
