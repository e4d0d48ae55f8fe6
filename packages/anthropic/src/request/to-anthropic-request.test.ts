import type { RequestIntent } from '@apikeyrouter/provider';
import { RouterError } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TOKENS, toAnthropicRequest } from './to-anthropic-request.js';

const MODEL = 'claude-sonnet-5-5';

function intent(partial: Partial<RequestIntent>): RequestIntent {
  return { model: MODEL, messages: [{ role: 'user', content: 'hi' }], ...partial };
}

describe('toAnthropicRequest', () => {
  it('sends model, the default max_tokens and a plain user turn', () => {
    expect(toAnthropicRequest(intent({}), MODEL)).toEqual({
      model: MODEL,
      max_tokens: DEFAULT_MAX_TOKENS,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(toAnthropicRequest(intent({}), MODEL, { defaultMaxTokens: 99 }).max_tokens).toBe(99);
  });

  it('hoists every system message to the top-level system field', () => {
    const one = toAnthropicRequest(
      intent({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'hi' },
        ],
      }),
      MODEL,
    );
    expect(one.system).toBe('Be brief.');
    expect(one.messages).toEqual([{ role: 'user', content: 'hi' }]);
    const two = toAnthropicRequest(
      intent({
        messages: [
          { role: 'system', content: 'A' },
          { role: 'user', content: 'hi' },
          { role: 'system', content: 'B' },
          { role: 'system', content: '' },
        ],
      }),
      MODEL,
    );
    expect(two.system).toEqual([
      { type: 'text', text: 'A' },
      { type: 'text', text: 'B' },
    ]);
  });

  it('marks the system prompt cacheable on request', () => {
    const body = toAnthropicRequest(
      intent({
        messages: [
          { role: 'system', content: 'long' },
          { role: 'user', content: 'hi' },
        ],
      }),
      MODEL,
      { cacheSystemPrompt: true },
    );
    expect(body.system).toEqual([{ type: 'text', text: 'long', cache_control: { type: 'ephemeral' } }]);
  });

  it('maps tool calls to tool_use and tool results to tool_result blocks in one user turn', () => {
    const body = toAnthropicRequest(
      intent({
        messages: [
          { role: 'user', content: 'weather in Oslo and Rome?' },
          {
            role: 'assistant',
            content: 'Checking.',
            toolCalls: [
              { id: 't1', name: 'weather', arguments: '{"city":"Oslo"}' },
              { id: 't2', name: 'weather', arguments: '' },
            ],
          },
          { role: 'tool', toolCallId: 't1', content: '12C' },
          { role: 'tool', toolCallId: 't2', content: '25C' },
          { role: 'user', content: 'thanks' },
        ],
      }),
      MODEL,
    );
    expect(body.messages).toEqual([
      { role: 'user', content: 'weather in Oslo and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 't1', name: 'weather', input: { city: 'Oslo' } },
          { type: 'tool_use', id: 't2', name: 'weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: '12C' },
          { type: 'tool_result', tool_use_id: 't2', content: '25C' },
          { type: 'text', text: 'thanks' },
        ],
      },
    ]);
  });

  it('keeps tool results first when user text precedes them', () => {
    const body = toAnthropicRequest(
      intent({
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', toolCalls: [{ id: 't1', name: 'f', arguments: '{}' }] },
          { role: 'user', content: 'note' },
          { role: 'tool', toolCallId: 't1', content: 'done' },
        ],
      }),
      MODEL,
    );
    expect(body.messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 't1', content: 'done' },
      { type: 'text', text: 'note' },
    ]);
  });

  it('merges consecutive same-role turns', () => {
    const body = toAnthropicRequest(
      intent({
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: [{ type: 'text', text: 'b' }] },
          { role: 'assistant', content: 'c' },
        ],
      }),
      MODEL,
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      { role: 'assistant', content: 'c' },
    ]);
  });

  it('maps images: inline data and data: URLs to base64, other URLs to url sources', () => {
    const body = toAnthropicRequest(
      intent({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what?' },
              { type: 'image', data: 'AAAA', mimeType: 'image/png' },
              { type: 'image', url: 'data:image/jpeg;base64,BBBB' },
              { type: 'image', url: 'https://example.com/cat.webp', detail: 'high' },
            ],
          },
        ],
      }),
      MODEL,
    );
    expect(body.messages[0]?.content).toEqual([
      { type: 'text', text: 'what?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'BBBB' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.webp' } },
    ]);
  });

  it('maps parameters, clamping temperature to 0..1 and dropping what Anthropic lacks', () => {
    const body = toAnthropicRequest(
      intent({
        parameters: {
          maxTokens: 64,
          temperature: 1.7,
          topP: 0.9,
          stop: ['END'],
          seed: 7,
          presencePenalty: 1,
          frequencyPenalty: 1,
          user: 'u-1',
        },
      }),
      MODEL,
      { stream: true },
    );
    expect(body).toEqual({
      model: MODEL,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 1,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
      stream: true,
    });
  });

  it('maps tools and every tool choice', () => {
    const tools = [
      { name: 'f', description: 'does f', parameters: { properties: { a: { type: 'string' } } } },
    ];
    const base = toAnthropicRequest(intent({ tools }), MODEL);
    expect(base.tools).toEqual([
      {
        name: 'f',
        description: 'does f',
        input_schema: { type: 'object', properties: { a: { type: 'string' } } },
      },
    ]);
    expect(base.tool_choice).toBeUndefined();
    const choice = (toolChoice: RequestIntent['toolChoice']) =>
      toAnthropicRequest(intent({ tools, toolChoice }), MODEL).tool_choice;
    expect(choice('auto')).toEqual({ type: 'auto' });
    expect(choice('none')).toEqual({ type: 'none' });
    expect(choice('required')).toEqual({ type: 'any' });
    expect(choice({ name: 'f' })).toEqual({ type: 'tool', name: 'f' });
    expect(toAnthropicRequest(intent({ toolChoice: 'required' }), MODEL).tool_choice).toBeUndefined();
  });

  it('emulates JSON output with a forced answer tool', () => {
    const json = toAnthropicRequest(intent({ responseFormat: { type: 'json' } }), MODEL);
    expect(json.tools?.map((tool) => tool.name)).toEqual(['json_response']);
    expect(json.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const typed = toAnthropicRequest(
      intent({ responseFormat: { type: 'json_schema', name: 'person', schema } }),
      MODEL,
    );
    expect(typed.tools?.[0]).toMatchObject({ name: 'person', input_schema: schema });
    const withTools = toAnthropicRequest(
      intent({ responseFormat: { type: 'json' }, tools: [{ name: 'f', parameters: { type: 'object' } }] }),
      MODEL,
    );
    expect(withTools.tools?.map((tool) => tool.name)).toEqual(['f', 'json_response']);
    expect(withTools.tool_choice).toEqual({ type: 'any' });
    const none = toAnthropicRequest(
      intent({
        responseFormat: { type: 'json' },
        tools: [{ name: 'f', parameters: { type: 'object' } }],
        toolChoice: 'none',
      }),
      MODEL,
    );
    expect(none.tools?.map((tool) => tool.name)).toEqual(['json_response']);
    expect(toAnthropicRequest(intent({ responseFormat: { type: 'text' } }), MODEL).tools).toBeUndefined();
  });

  it('rejects what Anthropic cannot express, as validation errors', () => {
    const cases: RequestIntent[] = [
      intent({ messages: [{ role: 'system', content: 'only system' }] }),
      intent({
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', toolCalls: [{ id: 't', name: 'f', arguments: '[1,2]' }] },
        ],
      }),
      intent({
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', toolCalls: [{ id: 't', name: 'f', arguments: '{oops' }] },
        ],
      }),
      intent({ messages: [{ role: 'user', content: [{ type: 'image', url: 'data:image/png,rawbytes' }] }] }),
      intent({ responseFormat: { type: 'json' }, tools: [{ name: 'json_response', parameters: {} }] }),
    ];
    for (const bad of cases) {
      let caught: unknown;
      try {
        toAnthropicRequest(bad, MODEL);
      } catch (error) {
        caught = error;
      }
      expect(RouterError.isInstance(caught) && caught.category).toBe('validation');
    }
  });
});
