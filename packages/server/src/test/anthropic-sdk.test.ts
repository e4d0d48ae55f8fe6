import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, LIMITED_KEY, startFixture, TEAM_KEY } from './gateway-fixture.test-helpers.js';

describe('the official @anthropic-ai/sdk against the gateway', () => {
  let fx: GatewayFixture;
  let client: Anthropic;
  const messages = [{ role: 'user' as const, content: 'hello gateway' }];

  beforeAll(async () => {
    fx = await startFixture();
    client = new Anthropic({ apiKey: TEAM_KEY, baseURL: fx.url, maxRetries: 0 });
  });
  afterAll(() => fx.close());

  it('answers text with x-api-key auth, naming the model as served', async () => {
    const res = await client.messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 100, messages });
    expect(res.content).toEqual([{ type: 'text', text: 'echo: hello gateway' }]);
    expect(res.stop_reason).toBe('end_turn');
    expect(res.model).toMatch(/^claude-3-5-haiku/);
    expect(res.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams text events into a final message', async () => {
    const stream = client.messages.stream({ model: 'claude-3-5-haiku-latest', max_tokens: 100, messages });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const final = await stream.finalMessage();
    expect(text).toBe('echo: hello gateway');
    expect(final.stop_reason).toBe('end_turn');
  });

  it('passes tools and returns tool_use blocks, in one piece and streamed, and takes tool results back', async () => {
    const tools: Anthropic.Tool[] = [
      {
        name: 'lookup',
        description: 'Looks up',
        input_schema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
      },
    ];
    const res = await client.messages.create({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 100,
      messages,
      tools,
      tool_choice: { type: 'any' },
    });
    const use = res.content.find((block) => block.type === 'tool_use');
    expect(res.stop_reason).toBe('tool_use');
    expect(use?.type === 'tool_use' && use.name).toBe('lookup');
    const streamed = await client.messages
      .stream({
        model: 'claude-3-5-haiku-latest',
        max_tokens: 100,
        messages,
        tools,
        tool_choice: { type: 'any' },
      })
      .finalMessage();
    const streamedUse = streamed.content.find((block) => block.type === 'tool_use');
    if (use?.type !== 'tool_use' || streamedUse?.type !== 'tool_use') throw new Error('no tool_use');
    expect(streamedUse.name).toBe('lookup');
    expect(streamedUse.input).toEqual(use.input);
    const followUp = await client.messages.create({
      model: 'claude-3-5-haiku-latest',
      max_tokens: 100,
      tools,
      messages: [
        ...messages,
        { role: 'assistant', content: [use] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'found it' }] },
      ],
    });
    expect(followUp.stop_reason).toBe('end_turn');
  });

  it('serves an OpenAI model through the Anthropic format, streamed too', async () => {
    const res = await client.messages.create({ model: 'gpt-4o-mini', max_tokens: 100, messages });
    expect(res.content).toEqual([{ type: 'text', text: 'echo: hello gateway' }]);
    expect(res.model).toBe('gpt-4o-mini');
    const final = await client.messages
      .stream({ model: 'gpt-4o-mini', max_tokens: 100, messages })
      .finalMessage();
    expect(final.content).toEqual([{ type: 'text', text: 'echo: hello gateway' }]);
  });

  it('raises the matching error classes in the Anthropic shape', async () => {
    const auth = await new Anthropic({
      apiKey: 'akr-wrong-0000000000000000',
      baseURL: fx.url,
      maxRetries: 0,
    }).messages
      .create({ model: 'gpt-4o-mini', max_tokens: 10, messages })
      .catch((e: unknown) => e);
    expect(auth).toBeInstanceOf(Anthropic.AuthenticationError);
    const denied = await new Anthropic({ apiKey: LIMITED_KEY, baseURL: fx.url, maxRetries: 0 }).messages
      .create({ model: 'claude-3-5-haiku-latest', max_tokens: 10, messages })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(Anthropic.PermissionDeniedError);
    const missing = await client.messages
      .create({ model: 'claude-none', max_tokens: 10, messages })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Anthropic.NotFoundError);
    expect((missing as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error' },
    });
  });
});
