// `npm run check:packages`: checks every published package exactly as a consumer receives it.
// Builds, `npm pack`s each public workspace under packages/, lints each tarball with publint and
// @arethetypeswrong/cli, installs the tarballs (their registry dependencies come from the npm registry) into a
// scratch ESM project and a scratch CommonJS project, loads every export subpath and routes real requests in
// each, and type-checks a consumer file under moduleResolution nodenext (ESM and CJS), bundler and node10.
// Exits non-zero on the first problem. `--skip-build` reuses dist/ (CI runs it right after `npm run build`);
// `--node <binary>` runs the consumers again on another Node (`--node "$(bash .ci/lts-node.sh 22)"`).
//
// What we promise, and so what attw checks: ESM everywhere; `require()` of that ESM (Node >= 20.19, 22.12,
// 24) for CommonJS apps; types under every moduleResolution. attw's one ignored rule is `cjs-resolves-to-esm`:
// it reports that a CommonJS `require` lands on ESM, which is exactly the require(esm) we ship on purpose.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const attw = join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js');
const work = mkdtempSync(join(tmpdir(), 'apikeyrouter-packages-'));
const started = Date.now();
// `--node <binary>` (repeatable): also run the scratch consumers with that Node (e.g. 22 and 24 for require(esm)).
const nodes = [
  process.execPath,
  ...process.argv.flatMap((a, i) => (a === '--node' ? [process.argv[i + 1]] : [])),
];

function step(title) {
  console.log(`\n== ${title} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

function run(cmd, args, cwd = root) {
  return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
}

/** Runs a command without blocking the event loop; resolves with its exit code and combined output. */
function capture(cmd, args, cwd = root) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, output: output.trimEnd() }));
  });
}

function runShown(cmd, args, cwd = root) {
  execFileSync(cmd, args, { cwd, stdio: 'inherit' });
}

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({
    dir,
    json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
  }))
  .filter(({ json }) => !json.private);

try {
  if (!process.argv.includes('--skip-build')) {
    step('npm run build');
    runShown(npm, ['run', 'build']);
  }

  step(`npm pack ${packages.length} public packages`);
  const packDir = join(work, 'tarballs');
  mkdirSync(packDir);
  const packed = JSON.parse(
    run(npm, [
      'pack',
      '--json',
      '--pack-destination',
      packDir,
      ...packages.flatMap((p) => ['-w', `packages/${p.dir}`]),
    ]),
  );
  const tarballs = packed.map((p) => join(packDir, p.filename));
  for (const p of packed) console.log(`${p.name}: ${p.entryCount} files, ${p.size} bytes`);

  step('publint (strict, suggestions count as failures)');
  let lintProblems = 0;
  for (const [i, tarball] of tarballs.entries()) {
    const data = readFileSync(tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    for (const m of messages)
      console.log(`${packed[i].name}: ${m.type}: ${formatMessage(m, pkg, { color: false })}`);
    lintProblems += messages.length;
  }
  if (lintProblems > 0) throw new Error(`publint reported ${lintProblems} problem(s)`);
  console.log('publint: no problems');

  step('@arethetypeswrong/cli (profile strict, ignoring cjs-resolves-to-esm: require(esm) is intended)');
  // Three at a time: each attw run is mostly TypeScript start-up.
  const attwArgs = [
    '--format',
    'table-flipped',
    '--no-emoji',
    '--no-color',
    '--ignore-rules',
    'cjs-resolves-to-esm',
  ];
  const attwFailures = [];
  for (let i = 0; i < tarballs.length; i += 3) {
    const batch = tarballs.slice(i, i + 3);
    const results = await Promise.all(batch.map((t) => capture(process.execPath, [attw, t, ...attwArgs])));
    for (const [j, r] of results.entries()) {
      console.log(r.output);
      if (r.code !== 0) attwFailures.push(packed[i + j].name);
    }
  }
  if (attwFailures.length > 0) throw new Error(`attw found problems in ${attwFailures.join(', ')}`);

  // Every export subpath of every package (the subpaths a consumer can name).
  const specifiers = packages.flatMap(({ json }) =>
    Object.keys(json.exports)
      .filter((sub) => !sub.endsWith('.json'))
      .map((sub) => (sub === '.' ? json.name : `${json.name}${sub.slice(1)}`)),
  );

  // Both scratch projects install at once: the installs wait on the registry, not on the CPU.
  step('scratch ESM and CommonJS projects: npm install the tarballs');
  const installs = await Promise.all(
    ['esm', 'cjs'].map((kind) => {
      const dir = join(work, `consumer-${kind}`);
      mkdirSync(dir);
      const type = kind === 'esm' ? 'module' : 'commonjs';
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: `consumer-${kind}`, private: true, type }),
      );
      const args = [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--loglevel=error',
        '--save-exact',
      ];
      args.push(...tarballs, `@types/node@${readRootDevVersion('@types/node')}`);
      return capture(npm, args, dir);
    }),
  );
  for (const r of installs) {
    console.log(r.output);
    if (r.code !== 0) throw new Error('npm install into a scratch project failed');
  }

  for (const kind of ['esm', 'cjs']) {
    const dir = join(work, `consumer-${kind}`);
    const main = kind === 'esm' ? 'main.mjs' : 'main.cjs';
    writeFileSync(join(dir, main), consumerProgram(kind, specifiers));
    for (const node of nodes) {
      const version = run(node, ['--version']).trim();
      step(`scratch ${kind.toUpperCase()} project: load every entry point and route requests on ${version}`);
      runShown(node, [main], dir);
    }

    step(`scratch ${kind.toUpperCase()} project: tsc`);
    for (const [resolution, module] of kind === 'esm'
      ? [
          ['nodenext', 'nodenext'],
          ['bundler', 'esnext'],
        ]
      : [
          ['nodenext', 'nodenext'],
          ['node10', 'commonjs'],
        ]) {
      const file = kind === 'esm' ? `typed-${resolution}.mts` : `typed-${resolution}.cts`;
      writeFileSync(join(dir, file), typedConsumer(kind));
      writeFileSync(
        join(dir, `tsconfig.${resolution}.json`),
        JSON.stringify({
          compilerOptions: {
            module,
            moduleResolution: resolution,
            target: 'es2022',
            lib: ['es2023'],
            types: ['node'],
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            // node10 means a CommonJS app; its zod typings need esModuleInterop, the default of such apps.
            ...(resolution === 'node10' ? { ignoreDeprecations: '5.0', esModuleInterop: true } : {}),
          },
          files: [file],
        }),
      );
      runShown(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], dir);
      console.log(`tsc ${kind} moduleResolution ${resolution}: ok`);
    }
  }
  step('all package checks passed');
} catch (error) {
  console.error(`\ncheck-packages FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

function readRootDevVersion(name) {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies[name];
}

/** A consumer program: loads every entry point, then routes through the in-process fake and a loopback fake. */
function consumerProgram(kind, specifiers) {
  const load =
    kind === 'esm' ? (s) => `await import(${JSON.stringify(s)})` : (s) => `require(${JSON.stringify(s)})`;
  const body = `
for (const specifier of ${JSON.stringify(specifiers)}) {
  const mod = ${kind === 'esm' ? 'await import(specifier)' : 'require(specifier)'};
  if (Object.keys(mod).length === 0) throw new Error(specifier + ' has no exports');
}
console.log('loaded ${specifiers.length} entry points');
const { ApiKeyRouter, VirtualClock } = ${load('@apikeyrouter/core')};
const { FakeAdapter, startFakeProvider } = ${load('@apikeyrouter/testkit')};
const { OpenAIAdapter } = ${load('@apikeyrouter/openai')};
const messages = [{ role: 'user', content: 'hello from a ${kind} consumer' }];

const clock = new VirtualClock({ autoAdvance: true });
const router = new ApiKeyRouter({ clock });
await router.registerProvider('fake', new FakeAdapter({ id: 'fake', clock, keys: { 'sk-fake-1': { rpm: 10 } } }));
await router.registerKey('sk-fake-1', 'fake', { label: 'fake-1' });
const res = await router.route({ model: 'gpt-test', messages, parameters: { maxTokens: 20 } });
if (typeof res.content !== 'string' || res.content.length === 0) throw new Error('empty response');
console.log('FakeAdapter:', JSON.stringify({ content: res.content, keyId: res.keyId, cost: res.cost.amount.toString() }));

const upstream = await startFakeProvider({ flavor: 'openai', keys: { 'sk-loopback-1': { rpm: 10 } } });
try {
  const http = new ApiKeyRouter();
  await http.registerProvider('openai', new OpenAIAdapter({ baseURL: upstream.url + '/v1' }));
  await http.registerKey('sk-loopback-1', 'openai', { label: 'loopback-1' });
  const out = await http.route({ model: 'gpt-4o-mini', messages, parameters: { maxTokens: 20 } });
  if (typeof out.content !== 'string' || out.content.length === 0) throw new Error('empty response');
  console.log('OpenAIAdapter over loopback:', JSON.stringify({ content: out.content, keyId: out.keyId }));
} finally {
  await upstream.close();
}

`;
  return kind === 'esm'
    ? body
    : `(async () => {${body}})().catch((e) => { console.error(e); process.exit(1); });\n`;
}

/** A typed consumer file: wrong types or unresolvable declarations fail tsc. */
function typedConsumer(kind) {
  const lines = [
    ['ApiKeyRouter, type RouteResponse, VirtualClock', '@apikeyrouter/core'],
    ['FakeAdapter', '@apikeyrouter/testkit'],
    ['runAdapterContract', '@apikeyrouter/testkit/contract'],
    ['type KeyStore', '@apikeyrouter/core/store'],
    ['OpenAIAdapter', '@apikeyrouter/openai'],
  ];
  const imports = lines.map(([names, from]) => `import { ${names} } from '${from}';`).join('\n');
  return `${imports}
${kind === 'cjs' ? '// A CommonJS file: TypeScript emits require() for these imports.\n' : ''}
const clock = new VirtualClock({ autoAdvance: true });
const router = new ApiKeyRouter({ clock });
export const ready: Promise<void> = router.registerProvider('fake', new FakeAdapter({ clock, keys: {} }));
export const adapter = new OpenAIAdapter({ baseURL: 'http://127.0.0.1:1/v1' });
export type Content = RouteResponse['content'];
export const store: KeyStore | undefined = undefined;
export const contract: typeof runAdapterContract = runAdapterContract;
`;
}
