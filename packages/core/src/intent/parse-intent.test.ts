import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RouterError } from '../errors/router-error.js';
import { parseIntent } from './parse-intent.js';

const valid = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };

function categoryOf(input: unknown): string {
  try {
    parseIntent(input);
    return 'ok';
  } catch (error) {
    if (!RouterError.isInstance(error)) throw error;
    return error.category;
  }
}

describe('parseIntent', () => {
  it('accepts a full intent', () => {
    const intent = parseIntent({
      ...valid,
      messages: [
        { role: 'system', content: 'be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this' },
            { type: 'image', url: 'https://x/y.png' },
          ],
        },
        { role: 'assistant', content: null, toolCalls: [{ id: 'c1', name: 'look', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'c1', content: '{"ok":true}' },
      ],
      parameters: { temperature: 0.2, maxTokens: 64, stop: ['\n'] },
      tools: [{ name: 'look', parameters: { type: 'object' } }],
      toolChoice: { name: 'look' },
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' } },
      fallbackModels: ['anthropic/claude-3-5-haiku'],
      tags: { team: 'search' },
      deadlineMs: 5000,
    });
    expect(intent.messages).toHaveLength(4);
  });

  it.each([
    [{ ...valid, model: '' }, 'model'],
    [{ ...valid, messages: [] }, 'messages'],
    [{ ...valid, maxTokens: 5 }, '(root)'],
    [{ ...valid, parameters: { temperature: Number.NaN } }, 'parameters.temperature'],
    [{ ...valid, messages: [{ role: 'user', content: [{ type: 'image' }] }] }, 'messages.0.content'],
    [{ ...valid, messages: [{ role: 'assistant', content: '' }] }, 'messages.0'],
    [{ ...valid, tools: [{ name: 'bad name!', parameters: {} }] }, 'tools.0.name'],
  ])('rejects %j at %s', (input, path) => {
    try {
      parseIntent(input);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(RouterError.isInstance(error)).toBe(true);
      const routerError = error as RouterError & { issues: Array<{ path: (string | number)[] }> };
      expect(routerError.category).toBe('validation');
      expect(routerError.issues.some((issue) => (issue.path.join('.') || '(root)').startsWith(path))).toBe(
        true,
      );
    }
  });

  it('turns hostile inputs into validation errors', () => {
    const throwing = {
      get model(): string {
        throw new Error('boom');
      },
      messages: [],
    };
    const cyclic: Record<string, unknown> = { model: 'x' };
    cyclic.messages = [cyclic];
    expect(categoryOf(throwing)).toBe('validation');
    expect(categoryOf(cyclic)).toBe('validation');
    expect(
      categoryOf(
        new Proxy(
          {},
          {
            get: () => {
              throw new Error('trap');
            },
          },
        ),
      ),
    ).toBe('validation');
  });

  it('property: any input is either a valid intent or a validation RouterError, never a crash', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBigInt: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withTypedArray: true,
          withNullPrototype: true,
        }),
        (input) => {
          expect(['ok', 'validation']).toContain(categoryOf(input));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: mutated valid intents never crash', () => {
    const mutation = fc.record({
      model: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)),
      messages: fc.oneof(
        fc.array(
          fc.record({
            role: fc.oneof(fc.constantFrom('user', 'system', 'assistant', 'tool', 'x'), fc.string()),
            content: fc.anything(),
          }),
        ),
        fc.anything(),
      ),
      parameters: fc.option(
        fc.dictionary(
          fc.constantFrom('temperature', 'maxTokens', 'topP', 'stop', 'seed', 'zzz'),
          fc.anything(),
        ),
      ),
    });
    fc.assert(
      fc.property(mutation, (input) => {
        expect(['ok', 'validation']).toContain(categoryOf(input));
      }),
      { numRuns: 500 },
    );
  });
});
