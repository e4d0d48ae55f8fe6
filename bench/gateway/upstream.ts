/**
 * The shared loopback upstream of the gateway benchmark, in its own process: a simulated OpenAI server with
 * four unlimited keys. Prints `upstream <url>` when ready; SIGTERM stops it.
 */
import { startFakeProvider } from '@apikeyrouter/testkit';
import { BENCH_KEYS } from './bench-keys.js';

const upstream = await startFakeProvider({
  flavor: 'openai',
  keys: Object.fromEntries(BENCH_KEYS.map((key, i) => [key, { label: `bench-${i}` }])),
});
console.log(`upstream ${upstream.url}`);
process.on('SIGTERM', () => void upstream.close().then(() => process.exit(0)));
