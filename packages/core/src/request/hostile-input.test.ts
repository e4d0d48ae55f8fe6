import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiKeyRouter, RouterError, VirtualClock } from '../index.js';
import { createFixture, intent } from '../router/router-fixture.test-helpers.js';

/** What a call ended with: 'ok', an error category, 'sync-throw' or 'foreign:<name>' for a non-RouterError. */
async function outcomeOf(run: () => unknown): Promise<string> {
  let pending: unknown;
  try {
    pending = run();
  } catch (error) {
    return `sync-throw:${RouterError.isInstance(error) ? error.category : 'foreign'}`;
  }
  try {
    if (pending && typeof (pending as AsyncIterator<unknown>).next === 'function') {
      await (pending as AsyncIterator<unknown>).next();
    } else {
      await pending;
    }
    return 'ok';
  } catch (error) {
    return RouterError.isInstance(error) ? error.category : `foreign:${(error as Error)?.name}`;
  }
}

function deep(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) value = { nested: value };
  return value;
}

function cyclic(): Record<string, unknown> {
  const value: Record<string, unknown> = { type: 'object' };
  value.properties = { self: value };
  return value;
}

function throwingGetter(): Record<string, unknown> {
  return Object.defineProperty({}, 'primary', {
    enumerable: true,
    get() {
      throw new RangeError('hostile getter');
    },
  });
}

/** Values that once escaped as TypeError / RangeError from deep inside the router. */
const HOSTILE: Array<[string, () => unknown]> = [
  ['cyclic', cyclic],
  ['BigInt', () => ({ type: 'integer', maximum: 10n })],
  ['20,000 deep', () => deep(20_000)],
  [
    'throwing toJSON',
    () => ({
      toJSON: () => {
        throw new TypeError('hostile toJSON');
      },
    }),
  ],
  [
    'nested throwing toJSON',
    () => ({
      properties: {
        a: {
          toJSON: () => {
            throw new Error('x');
          },
        },
      },
    }),
  ],
  ['throwing getter', throwingGetter],
  ['Date', () => ({ default: new Date(0) })],
  ['Infinity', () => ({ maximum: Number.POSITIVE_INFINITY })],
];

async function router() {
  return (await createFixture({ openai: { keys: { 'sk-a-0000001': {} } } })).router;
}

function withTool(parameters: unknown) {
  return intent('gpt-test', { tools: [{ name: 'look', parameters }] });
}

function withSchema(schema: unknown) {
  return intent('gpt-test', { responseFormat: { type: 'json_schema', name: 'answer', schema } });
}

describe('hostile input gives a validation RouterError, never a raw error', () => {
  it.each(HOSTILE)(
    '%s in tool parameters or a response schema, through every entry point',
    async (_name, make) => {
      const r = await router();
      for (const bad of [withTool(make()), withSchema(make())] as never[]) {
        expect(await outcomeOf(() => r.route(bad, 'cost'))).toBe('validation');
        expect(await outcomeOf(() => r.routeStream(bad, 'cost'))).toBe('validation');
        expect(await outcomeOf(() => r.explain(bad, 'cost'))).toBe('validation');
        expect(await outcomeOf(() => r.route({ ...(bad as object), idempotencyKey: 'k' } as never))).toBe(
          'validation',
        );
      }
    },
  );

  it.each(HOSTILE)('%s as an objective, options or key options', async (_name, make) => {
    const r = await router();
    const hostile = make() as never;
    expect(await outcomeOf(() => r.route(intent(), hostile))).toBe('validation');
    expect(await outcomeOf(() => r.route(intent(), { primary: 'cost', weights: { cost: hostile } }))).toBe(
      'validation',
    );
    expect(await outcomeOf(() => r.explain(intent(), hostile))).toBe('validation');
    expect(await outcomeOf(() => r.route(intent(), 'cost', hostile))).toBe('validation');
    expect(await outcomeOf(() => r.route(intent(), 'cost', { deadlineMs: hostile }))).toBe('validation');
    expect(await outcomeOf(() => r.embed({ model: 'e', input: 'x' }, hostile))).toBe('validation');
    expect(await outcomeOf(() => r.registerKey('sk-b-0000002', 'openai', hostile))).toBe('validation');
    expect(await outcomeOf(() => r.registerKey('sk-b-0000002', 'openai', { limits: { rpm: hostile } }))).toBe(
      'validation',
    );
    expect(await outcomeOf(() => new ApiKeyRouter(hostile))).toBe('sync-throw:validation');
    expect(await outcomeOf(() => new ApiKeyRouter({ defaults: { maxAttempts: hostile } }))).toBe(
      'sync-throw:validation',
    );
  });

  it('property: any value in tool parameters, schemas, objectives and options ends ok or as validation', async () => {
    const r = await router();
    const anything = fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withNullPrototype: true,
      withSparseArray: true,
    });
    const huge = fc.oneof(fc.double(), fc.constantFrom(1e308, -1e308, 2 ** 31, 2 ** 53 + 1, Number.NaN));
    await fc.assert(
      fc.asyncProperty(anything, huge, async (value, number) => {
        const allowed = ['ok', 'validation'];
        expect(allowed).toContain(
          await outcomeOf(() => r.route(withTool({ type: 'object', x: value }) as never)),
        );
        expect(allowed).toContain(await outcomeOf(() => r.explain(withSchema({ x: value }) as never)));
        expect(allowed).toContain(await outcomeOf(() => r.route(intent(), value as never)));
        expect(allowed).toContain(await outcomeOf(() => r.route(intent(), 'cost', { deadlineMs: number })));
        expect(allowed).toContain(await outcomeOf(() => r.route(intent(), 'cost', { maxAttempts: number })));
        expect(allowed).toContain(
          await outcomeOf(() => r.route(intent(), { primary: 'cost', weights: { cost: number } })),
        );
        expect(allowed).toContain(
          await outcomeOf(() => r.route(intent('gpt-test', { parameters: { maxTokens: number } }))),
        );
        expect(allowed).toContain(
          await outcomeOf(() => r.registerKey('sk-c-0000003', 'openai', value as never)),
        );
      }),
      { numRuns: 150 },
    );
  });
});

describe('deadlines and attempts are validated', () => {
  it.each([
    ['deadlineMs above 2^31 − 1', { deadlineMs: 2 ** 31 }],
    ['deadlineMs -1', { deadlineMs: -1 }],
    ['maxAttempts 0', { maxAttempts: 0 }],
    ['maxAttempts NaN', { maxAttempts: Number.NaN }],
  ])('rejects %s in route options, the intent and the router defaults', async (_name, bad) => {
    const r = await router();
    expect(await outcomeOf(() => r.route(intent(), 'cost', bad))).toBe('validation');
    expect(await outcomeOf(() => new ApiKeyRouter({ clock: new VirtualClock(), defaults: bad }))).toBe(
      'sync-throw:validation',
    );
    if ('deadlineMs' in bad) {
      expect(await outcomeOf(() => r.route(intent('gpt-test', bad)))).toBe('validation');
      expect(await outcomeOf(() => r.embed({ model: 'e', input: 'x', ...bad }))).toBe('validation');
    }
  });

  it('the longest allowed deadline is honoured, not clamped to an instant timeout', async () => {
    const r = await router();
    const res = await r.route(intent(), 'cost', { deadlineMs: 2 ** 31 - 1 });
    expect(res.content).toContain('echo');
  });
});
