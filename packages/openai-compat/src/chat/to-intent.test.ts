import { describe, expect, it } from 'vitest';
import { toRoutedCall } from './to-intent.js';

describe('toRoutedCall', () => {
  it('maps the SDK parameters, the extensions and the call options onto the intent', () => {
    const signal = new AbortController().signal;
    const { intent, objective, options } = toRoutedCall(
      {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'developer', content: 'Be brief' },
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AQID', detail: 'low' } }],
          },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'ok' }] },
        ],
        max_completion_tokens: 50,
        temperature: 0.5,
        stop: 'END',
        seed: 7,
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
        tool_choice: { type: 'function', function: { name: 'f' } },
        response_format: {
          type: 'json_schema',
          json_schema: { name: 'out', schema: { type: 'object' }, strict: true },
        },
        metadata: { team: 'search' },
        fallback_models: ['anthropic/claude-3-5-haiku-latest'],
        retries: 1,
        objective: 'latency',
      },
      { signal, timeout: 5_000 },
      { maxRetries: 4, objective: 'cost' },
    );
    expect(intent).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: [{ type: 'image', data: 'AQID', mimeType: 'image/png', detail: 'low' }] },
        { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'f', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'call_1', content: 'ok' },
      ],
      parameters: { maxTokens: 50, temperature: 0.5, stop: ['END'], seed: 7 },
      tools: [{ name: 'f', parameters: { type: 'object' } }],
      toolChoice: { name: 'f' },
      responseFormat: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true },
      fallbackModels: ['anthropic/claude-3-5-haiku-latest'],
      tags: { team: 'search' },
    });
    expect(objective).toBe('latency');
    expect(options).toEqual({ signal, deadlineMs: 5_000, maxAttempts: 2 });
  });

  it('falls back to the client defaults', () => {
    const { objective, options } = toRoutedCall(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
      {},
      { maxRetries: 0, timeout: 1_000, objective: 'cost' },
    );
    expect(objective).toBe('cost');
    expect(options).toEqual({ deadlineMs: 1_000, maxAttempts: 1 });
  });
});
