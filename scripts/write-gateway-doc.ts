/**
 * `npm run docs:gateway`: regenerates the config reference in docs/gateway.md from the gateway's zod schema.
 * A test in @apikeyrouter/server fails when the doc is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withConfigReference } from '../packages/server/src/config/gateway-doc.js';

const file = join(dirname(fileURLToPath(import.meta.url)), '../docs/gateway.md');
writeFileSync(file, withConfigReference(readFileSync(file, 'utf8')));
console.log(`updated ${file}`);
