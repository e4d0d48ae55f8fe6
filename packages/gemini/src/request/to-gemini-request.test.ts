import type { RequestIntent } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { makeToolCallId } from '../wire/tool-call-id.js';
import { estimateInputTokens, toGeminiRequest } from './to-gemini-request.js';

const intent = (fields: Partial<RequestIntent> & Pick<RequestIntent, 'messages'>): RequestIntent => ({
  model: 'gemini-2.0-flash',
  ...fields,
});

function thrown(fn: () => unknown): {
  category?: string;
  code?: string;
  retryable?: boolean;
  keyEffect?: string;
} {
  try {
    fn();
  } catch (error) {
    return error as { category?: string; code?: string };
  }
  throw new Error('expected a throw');
}

describe('toGeminiRequest', () => {
  it('sends a plain prompt as one user turn and nothing else', () => {
    expect(
      toGeminiRequest(intent({ messages: [{ role: 'user', content: 'Hi' }] }), 'gemini-2.0-flash'),
    ).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
    });
  });

  it('moves system messages to systemInstruction and maps assistant to model', () => {
    const body = toGeminiRequest(
      intent({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello' },
          { role: 'system', content: 'Use French.' },
          { role: 'user', content: 'Bye' },
        ],
      }),
      'gemini-2.0-flash',
    );
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Use French.' }] });
    expect(body.contents.map((c) => c.role)).toEqual(['user', 'model', 'user']);
  });

  it('folds the system prompt into the first user turn for Gemma', () => {
    const body = toGeminiRequest(
      intent({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
      }),
      'gemma-3-27b-it',
    );
    expect(body.systemInstruction).toBeUndefined();
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'Be brief.' }, { text: 'Hi' }] }]);
  });

  it('sends images as inlineData or fileData', () => {
    const body = toGeminiRequest(
      intent({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' },
              { type: 'image', url: 'data:image/jpeg;base64,/9j/4AAQ' },
              { type: 'image', url: 'https://generativelanguage.googleapis.com/v1beta/files/abc.webp' },
              { type: 'image', url: 'gs://bucket/cat.png', mimeType: 'image/png' },
            ],
          },
        ],
      }),
      'gemini-2.0-flash',
    );
    expect(body.contents[0]?.parts).toEqual([
      { text: 'What is this?' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
      {
        fileData: {
          mimeType: 'image/webp',
          fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc.webp',
        },
      },
      { fileData: { mimeType: 'image/png', fileUri: 'gs://bucket/cat.png' } },
    ]);
  });

  it('refuses web image URLs before calling, as a retryable skip so another provider can try', () => {
    const error = thrown(() =>
      toGeminiRequest(
        intent({
          messages: [{ role: 'user', content: [{ type: 'image', url: 'https://example.com/cat.png' }] }],
        }),
        'gemini-2.0-flash',
      ),
    );
    expect(error).toMatchObject({
      category: 'validation',
      code: 'unsupported_image',
      retryable: true,
      keyEffect: 'skip',
    });
  });

  it('refuses non-base64 data URLs and file URIs without a known type', () => {
    const bad = [
      { type: 'image' as const, url: 'data:image/svg+xml,<svg/>' },
      { type: 'image' as const, url: 'gs://bucket/blob' },
    ];
    for (const part of bad) {
      const error = thrown(() =>
        toGeminiRequest(intent({ messages: [{ role: 'user', content: [part] }] }), 'gemini-2.0-flash'),
      );
      expect(error.code).toBe('unsupported_image');
    }
  });

  it('declares tools and maps every tool choice', () => {
    const tools = [
      {
        name: 'get_weather',
        description: 'Weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
      { name: 'now', parameters: { type: 'object', properties: {} } },
    ];
    const base = { messages: [{ role: 'user' as const, content: 'x' }], tools };
    const body = toGeminiRequest(intent(base), 'gemini-2.0-flash');
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Weather',
            parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] },
          },
          { name: 'now' },
        ],
      },
    ]);
    expect(body.toolConfig).toBeUndefined();
    const modes: Array<[RequestIntent['toolChoice'], unknown]> = [
      ['auto', { mode: 'AUTO' }],
      ['none', { mode: 'NONE' }],
      ['required', { mode: 'ANY' }],
      [{ name: 'now' }, { mode: 'ANY', allowedFunctionNames: ['now'] }],
    ];
    for (const [toolChoice, config] of modes) {
      expect(toGeminiRequest(intent({ ...base, toolChoice }), 'gemini-2.0-flash').toolConfig).toEqual({
        functionCallingConfig: config,
      });
    }
    expect(
      toGeminiRequest(intent({ messages: base.messages, toolChoice: 'required' }), 'gemini-2.0-flash')
        .toolConfig,
    ).toBeUndefined();
  });

  it('replays tool calls as functionCall parts and answers them by name in one user turn', () => {
    const signed = makeToolCallId({ index: 1, name: 'now', argumentsJson: '{}', thoughtSignature: 'c2ln' });
    const body = toGeminiRequest(
      intent({
        messages: [
          { role: 'user', content: 'Weather and time?' },
          {
            role: 'assistant',
            content: 'Checking.',
            toolCalls: [
              { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
              { id: signed, name: 'now', arguments: '' },
            ],
          },
          { role: 'tool', toolCallId: 'call_a', content: '{"temp":21}' },
          { role: 'tool', toolCallId: signed, content: 'noon' },
          { role: 'tool', toolCallId: 'elsewhere', name: 'legacy', content: '[1,2]' },
        ],
      }),
      'gemini-2.0-flash',
    );
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather and time?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Checking.' },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'now', args: {} }, thoughtSignature: 'c2ln' },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { temp: 21 } } },
          { functionResponse: { name: 'now', response: { content: 'noon' } } },
          { functionResponse: { name: 'legacy', response: { content: [1, 2] } } },
        ],
      },
    ]);
  });

  it('refuses tool results it cannot name and tool calls with non-object arguments', () => {
    const orphan = thrown(() =>
      toGeminiRequest(
        intent({ messages: [{ role: 'tool', toolCallId: 'x', content: '1' }] }),
        'gemini-2.0-flash',
      ),
    );
    expect(orphan).toMatchObject({ category: 'validation', code: 'unknown_tool_call' });
    for (const args of ['not json', '[1]']) {
      const error = thrown(() =>
        toGeminiRequest(
          intent({ messages: [{ role: 'assistant', toolCalls: [{ id: 'c', name: 'f', arguments: args }] }] }),
          'gemini-2.0-flash',
        ),
      );
      expect(error).toMatchObject({ category: 'validation', code: 'invalid_tool_arguments' });
    }
  });

  it('maps parameters and response formats into generationConfig', () => {
    const body = toGeminiRequest(
      intent({
        messages: [{ role: 'user', content: 'x' }],
        parameters: {
          temperature: 0.2,
          maxTokens: 64,
          topP: 0.9,
          stop: ['END'],
          seed: 7,
          presencePenalty: 0.1,
          frequencyPenalty: 0.3,
          user: 'u1',
        },
        responseFormat: {
          type: 'json_schema',
          name: 'out',
          schema: { type: 'object', properties: { n: { type: 'integer' } }, additionalProperties: false },
        },
      }),
      'gemini-2.0-flash',
    );
    expect(body.generationConfig).toEqual({
      temperature: 0.2,
      maxOutputTokens: 64,
      topP: 0.9,
      stopSequences: ['END'],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.3,
      responseMimeType: 'application/json',
      responseSchema: { type: 'OBJECT', properties: { n: { type: 'INTEGER' } } },
    });
    const json = toGeminiRequest(
      intent({ messages: [{ role: 'user', content: 'x' }], responseFormat: { type: 'json' } }),
      'm',
    );
    expect(json.generationConfig).toEqual({ responseMimeType: 'application/json' });
    const text = toGeminiRequest(
      intent({ messages: [{ role: 'user', content: 'x' }], responseFormat: { type: 'text' } }),
      'm',
    );
    expect(text.generationConfig).toBeUndefined();
  });

  it('refuses more than five stop sequences rather than dropping some', () => {
    const error = thrown(() =>
      toGeminiRequest(
        intent({
          messages: [{ role: 'user', content: 'x' }],
          parameters: { stop: ['1', '2', '3', '4', '5', '6'] },
        }),
        'm',
      ),
    );
    expect(error).toMatchObject({ category: 'validation', code: 'too_many_stop_sequences' });
  });

  it('estimates prompt tokens from text and function payloads', () => {
    const body = toGeminiRequest(
      intent({
        messages: [
          { role: 'system', content: 'x'.repeat(40) },
          { role: 'user', content: 'y'.repeat(360) },
        ],
      }),
      'm',
    );
    expect(estimateInputTokens(body)).toBe(100);
  });
});
