// Run as a child process by keep-alive.test.ts: awaits a request that must wait for a throttled key, with
// nothing else keeping the event loop busy. It must print its result before the process exits.
import { FakeAdapter } from '@apikeyrouter/testkit';
import { ApiKeyRouter, SystemClock } from '../index.js';

const clock = new SystemClock();
const fake = new FakeAdapter({ id: 'openai', clock, keys: { 'sk-keepalive-0001': {} } });
const router = new ApiKeyRouter({ clock });
await router.registerProvider('openai', fake);
await router.registerKey('sk-keepalive-0001', 'openai');
fake.addFault({ kind: 'rate_limit', delayMs: 300 });
const res = await router.route({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }, 'cost');
process.stdout.write(`settled after ${res.attempts} attempts\n`);
