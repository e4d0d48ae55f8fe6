import { AnthropicAdapter } from '@apikeyrouter/anthropic';
import { ApiKeyRouter } from '@apikeyrouter/core';
import { OpenAIAdapter } from '@apikeyrouter/openai';
import { type FakeProvider, startFakeProvider } from '@apikeyrouter/testkit';
import { InternalServerError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAI } from '../client/openai-client.js';

const KEY_A = 'sk-stream-CANARY-aaaa1111';
const KEY_B = 'sk-stream-CANARY-bbbb2222';
const ANT_KEY = 'sk-ant-stream-CANARY-cccc3333';
const messages = [{ role: 'user' as const, content: 'Tell me about streams' }];
const fakes: FakeProvider[] = [];

async function setup(): Promise<{ client: OpenAI; openai: FakeProvider; anthropic: FakeProvider }> {
  const openai = await startFakeProvider({
    flavor: 'openai',
    keys: { [KEY_A]: { rpm: 1_000 }, [KEY_B]: { rpm: 1_000 } },
  });
  const anthropic = await startFakeProvider({ flavor: 'anthropic', keys: { [ANT_KEY]: { rpm: 1_000 } } });
  fakes.push(openai, anthropic);
  const router = new ApiKeyRouter();
  await router.registerProvider('openai', new OpenAIAdapter({ baseURL: `${openai.url}/v1` }));
  await router.registerProvider('anthropic', new AnthropicAdapter({ baseURL: anthropic.url }));
  await router.registerKey(KEY_A, 'openai');
  await router.registerKey(KEY_B, 'openai');
  await router.registerKey(ANT_KEY, 'anthropic');
  return { client: new OpenAI({ router }), openai, anthropic };
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const textOf = (chunks: ChatCompletionChunk[]) =>
  chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');

afterEach(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

describe('streaming through the drop-in client', () => {
  it('streams chunks shaped like the SDK, with usage last when include_usage is set', async () => {
    const { client } = await setup();
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(textOf(chunks)).toBe('echo: Tell me about streams');
    const last = chunks.at(-1);
    const finish = chunks.at(-2);
    expect(finish?.choices[0]?.finish_reason).toBe('stop');
    expect(finish?.model).toBe('openai/gpt-4o-mini');
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBeGreaterThan(0);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(stream.routing?.providerId).toBe('openai');
  });

  it('fails over to another key when the stream fails before the first token', async () => {
    const { client, openai } = await setup();
    openai.faults.add({ kind: 'server_error', stream: true, times: 1 });
    openai.faults.add({ kind: 'connection_reset', stream: true, times: 1 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const chunks = await collect(stream);
    expect(textOf(chunks)).toBe('echo: Tell me about streams');
    expect(stream.routing?.attempts).toBe(3);
  });

  it('does not fail over once tokens reached the caller: the error surfaces as the SDK class', async () => {
    const { client, openai } = await setup();
    openai.faults.add({ kind: 'error_after_200', stream: true, times: 1 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const seen: ChatCompletionChunk[] = [];
    const error = await (async () => {
      try {
        for await (const chunk of stream) seen.push(chunk);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InternalServerError);
    const partial = textOf(seen);
    expect(partial.length).toBeGreaterThan(0);
    expect('echo: Tell me about streams'.startsWith(partial)).toBe(true);
    expect(JSON.stringify(error)).not.toMatch(/CANARY/);
  });

  it('falls back to another provider before the first token when every key of the model fails', async () => {
    const { client, openai } = await setup();
    openai.faults.add({ kind: 'server_error', stream: true, times: Infinity });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      fallback_models: ['anthropic/claude-3-5-haiku-latest'],
    });
    const chunks = await collect(stream);
    expect(textOf(chunks)).toContain('Tell me about streams');
    expect(chunks.at(-1)?.model).toBe('anthropic/claude-3-5-haiku-latest');
    expect(stream.routing?.providerId).toBe('anthropic');
    expect(JSON.stringify(chunks) + JSON.stringify(stream.routing)).not.toMatch(/CANARY/);
  });

  it('streams tool calls as SDK tool_call deltas', async () => {
    const { client } = await setup();
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'use lookup please' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
      stream: true,
    });
    const chunks = await collect(stream);
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'lookup' } });
    expect(JSON.parse(calls.map((c) => c.function?.arguments ?? '').join(''))).toEqual({
      text: 'use lookup please',
    });
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('stops quietly on controller.abort() and on break, as the SDK stream does', async () => {
    const { client } = await setup();
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const seen: ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      seen.push(chunk);
      if (seen.length === 2) stream.controller.abort();
    }
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.some((c) => c.choices[0]?.finish_reason)).toBe(false);
    expect(stream.controller.signal.aborted).toBe(true);
    const again = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    for await (const _chunk of again) break;
    expect(again.controller.signal.aborted).toBe(true);
    await expect(collect(again)).rejects.toThrow(/consumed/);
  });
});
