import { afterEach, describe, expect, it } from 'vitest';
import { chat, post } from './ollama-fake.test-helpers.js';
import type { OllamaFakeProvider } from './ollama-fake-options.js';
import { startOllamaFakeServer } from './ollama-fake-server.js';

let fake: OllamaFakeProvider | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('simulated Ollama: wire format', () => {
  it('answers stream:false with one chat object and no rate-limit headers', async () => {
    fake = await startOllamaFakeServer({ keys: {} });
    const res = await post(fake, '/api/chat', chat('hello', { stream: false }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect([...res.headers.keys()].filter((h) => h.includes('ratelimit'))).toEqual([]);
    expect(res.json).toMatchObject({
      model: 'llama3.2',
      message: { role: 'assistant', content: 'echo: hello' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 2,
      eval_count: 3,
    });
    const body = res.json as Record<string, unknown>;
    for (const field of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration']) {
      expect(Number.isInteger(body[field])).toBe(true);
    }
    expect(typeof body.created_at).toBe('string');
  });

  it('streams NDJSON by default, ending with a done:true line carrying counts', async () => {
    fake = await startOllamaFakeServer({ keys: {} });
    const res = await post(fake, '/api/chat', chat('a longer message to split'));
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(res.text.endsWith('\n')).toBe(true);
    const lines = res.lines as Array<Record<string, unknown>>;
    const last = lines[lines.length - 1];
    expect(last).toMatchObject({ done: true, done_reason: 'stop', message: { content: '' } });
    expect(lines.slice(0, -1).every((l) => l.done === false)).toBe(true);
    const text = lines.map((l) => (l.message as { content: string }).content).join('');
    expect(text).toBe('echo: a longer message to split');
    expect(last?.eval_count).toBe(Math.ceil(text.length / 4));
  });

  it('calls a tool named in the user text with an object argument, and echoes tool results', async () => {
    fake = await startOllamaFakeServer({ keys: {} });
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const called = await post(fake, '/api/chat', chat('please get_weather', { tools, stream: false }));
    expect(called.json).toMatchObject({
      message: {
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { query: 'please get_weather' } } }],
      },
      done_reason: 'stop',
    });
    const streamed = await post(fake, '/api/chat', chat('please get_weather', { tools }));
    expect(streamed.lines.some((l) => JSON.stringify(l).includes('"tool_calls"'))).toBe(true);
    const result = await post(fake, '/api/chat', {
      model: 'llama3.2',
      messages: [
        { role: 'user', content: 'please get_weather' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ function: { name: 'get_weather', arguments: {} } }],
        },
        { role: 'tool', content: '21C', tool_name: 'get_weather' },
      ],
      tools,
      stream: false,
    });
    expect(result.json).toMatchObject({ message: { content: 'echo: 21C' } });
  });

  it('honours format, num_predict and images', async () => {
    fake = await startOllamaFakeServer({ keys: {} });
    const json = await post(fake, '/api/chat', chat('x', { format: 'json', stream: false }));
    expect(JSON.parse((json.json as { message: { content: string } }).message.content)).toEqual({
      echo: 'echo: x',
    });
    const cut = await post(
      fake,
      '/api/chat',
      chat('a long long long text', { options: { num_predict: 2 }, stream: false }),
    );
    expect(cut.json).toMatchObject({
      done_reason: 'length',
      eval_count: 2,
      message: { content: 'echo: a ' },
    });
    const image = await post(fake, '/api/chat', {
      model: 'llava',
      messages: [{ role: 'user', content: 'what', images: ['AAAA'] }],
      stream: false,
    });
    expect(image.json).toMatchObject({ message: { content: 'echo: what [images: 1]' } });
  });

  it('loads the model for an empty conversation, like Ollama', async () => {
    fake = await startOllamaFakeServer({ keys: {} });
    const res = await post(fake, '/api/chat', { model: 'llama3.2', messages: [] });
    expect(res.json).toMatchObject({ done: true, done_reason: 'load', message: { content: '' } });
  });

  it('serves /api/embed with one deterministic vector per input', async () => {
    fake = await startOllamaFakeServer({ keys: {}, embeddingDimensions: 4 });
    const res = await post(fake, '/api/embed', { model: 'nomic-embed-text', input: ['a', 'b', 'a'] });
    const body = res.json as { embeddings: number[][]; prompt_eval_count: number; model: string };
    expect(body.model).toBe('nomic-embed-text');
    expect(body.embeddings).toHaveLength(3);
    expect(body.embeddings[0]).toEqual(body.embeddings[2]);
    expect(body.embeddings[0]).not.toEqual(body.embeddings[1]);
    expect(Math.hypot(...(body.embeddings[0] ?? []))).toBeCloseTo(1, 10);
    expect(body.prompt_eval_count).toBe(3);
    const single = await post(fake, '/api/embed', { model: 'm', input: 'one' });
    expect((single.json as { embeddings: unknown[] }).embeddings).toHaveLength(1);
  });

  it('answers 404 in Ollama form for models it does not serve', async () => {
    fake = await startOllamaFakeServer({ keys: {}, models: ['llama3.2'] });
    expect(
      (await post(fake, '/api/chat', chat('x', { model: 'llama3.2:latest', stream: false }))).status,
    ).toBe(200);
    const missing = await post(fake, '/api/chat', chat('x', { model: 'llama9', stream: false }));
    expect([missing.status, missing.json]).toEqual([
      404,
      { error: "model 'llama9' not found, try pulling it first" },
    ]);
    const embed = await post(fake, '/api/embed', { model: 'nomic', input: ['a'] });
    expect(embed.status).toBe(404);
  });

  it('rejects malformed bodies with 400 {error}', async () => {
    fake = await startOllamaFakeServer({ keys: {} });
    for (const body of [
      'not json',
      { messages: [] },
      { model: 'm', messages: 'x' },
      { model: 'm', messages: [null] },
    ]) {
      const res = await post(fake, '/api/chat', body);
      expect(res.status).toBe(400);
      expect(typeof (res.json as { error: unknown }).error).toBe('string');
    }
    const embed = await post(fake, '/api/embed', { model: 'm', input: [1] });
    expect(embed.status).toBe(400);
    expect(fake.stats().local?.errors).toBe(5);
  });

  it('answers GET / and unknown paths like Ollama', async () => {
    fake = await startOllamaFakeServer({ keys: {} });
    expect(await (await fetch(`${fake.url}/`)).text()).toBe('Ollama is running');
    const unknown = await fetch(`${fake.url}/v2/nothing`, { method: 'POST' });
    expect([unknown.status, await unknown.text()]).toEqual([404, '404 page not found']);
  });
});

describe('simulated Ollama: keys', () => {
  it('accepts every request under label local when no keys are configured', async () => {
    fake = await startOllamaFakeServer({});
    await post(fake, '/api/chat', chat('hi', { stream: false }));
    await post(fake, '/api/chat', chat('hi', { stream: false }), 'anything');
    expect(fake.stats()).toEqual({
      local: { requests: 2, successes: 2, rateLimited: 0, errors: 0, inputTokens: 2, outputTokens: 4 },
    });
    expect(fake.received().map((r) => r.bearer)).toEqual([false, true]);
  });

  it('checks Bearer keys when configured and answers 401 {error} otherwise', async () => {
    fake = await startOllamaFakeServer({ keys: { 'sk-a': { label: 'alpha' }, 'sk-b': {} } });
    expect((await post(fake, '/api/chat', chat('hi', { stream: false }), 'sk-a')).status).toBe(200);
    expect((await post(fake, '/api/chat', chat('hi', { stream: false }), 'sk-b')).status).toBe(200);
    const wrong = await post(fake, '/api/chat', chat('hi', { stream: false }), 'sk-zzz');
    const missing = await post(fake, '/api/chat', chat('hi', { stream: false }));
    expect([wrong.status, wrong.json, missing.status]).toEqual([401, { error: 'unauthorized' }, 401]);
    const stats = fake.stats();
    expect(Object.keys(stats).sort()).toEqual(['alpha', 'key-1', 'unauthenticated']);
    expect(stats.unauthenticated).toMatchObject({ requests: 2, errors: 2 });
    expect(JSON.stringify(fake.received())).not.toContain('sk-a');
  });
});
