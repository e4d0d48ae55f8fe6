import { type RequestIntent, RouterError, ValidationError } from '@apikeyrouter/provider';
import { describe, expect, it } from 'vitest';
import { toOllamaRequest } from './to-ollama-request.js';

const base: RequestIntent = { model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'hi' }] };

describe('toOllamaRequest', () => {
  it('builds the minimal body with the stripped model and stream false', () => {
    expect(toOllamaRequest(base, 'llama3.2')).toEqual({
      model: 'llama3.2',
      messages: [{ role: 'user', content: 'hi' }],
      stream: false,
    });
    expect(toOllamaRequest(base, 'llama3.2', { stream: true, keepAlive: '10m' })).toMatchObject({
      stream: true,
      keep_alive: '10m',
    });
  });

  it('keeps system prompts and roles in order and joins text parts', () => {
    const body = toOllamaRequest(
      {
        model: 'm',
        messages: [
          { role: 'system', content: 'be brief' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
            name: 'ann',
          },
          { role: 'assistant', content: 'ok' },
        ],
      },
      'm',
    );
    expect(body.messages).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'a\nb' },
      { role: 'assistant', content: 'ok' },
    ]);
  });

  it('sends base64 images and the payload of data: URLs', () => {
    const body = toOllamaRequest(
      {
        model: 'llava',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this?' },
              { type: 'image', data: 'AAAA', mimeType: 'image/png' },
              { type: 'image', url: 'data:image/jpeg;base64,BBBB' },
            ],
          },
        ],
      },
      'llava',
    );
    expect(body.messages[0]).toEqual({ role: 'user', content: 'what is this?', images: ['AAAA', 'BBBB'] });
  });

  it('rejects remote image URLs with a validation error naming the part', () => {
    const intent: RequestIntent = {
      model: 'llava',
      messages: [{ role: 'user', content: [{ type: 'image', url: 'https://example.com/cat.png' }] }],
    };
    let caught: unknown;
    try {
      toOllamaRequest(intent, 'llava');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect(RouterError.isInstance(caught) && caught.category).toBe('validation');
    expect((caught as ValidationError).issues[0]?.path).toEqual(['messages', 0, 'content', 0]);
  });

  it('maps tools, and tool calls and results both ways with tool_name from the call id', () => {
    const body = toOllamaRequest(
      {
        model: 'm',
        messages: [
          { role: 'user', content: 'weather?' },
          {
            role: 'assistant',
            content: null,
            toolCalls: [{ id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
          },
          { role: 'tool', toolCallId: 'c1', content: '21C' },
          { role: 'tool', toolCallId: 'unknown', content: 'x' },
          { role: 'tool', toolCallId: 'c1', name: 'explicit', content: 'y' },
        ],
        tools: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }],
      },
      'm',
    );
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
      },
    ]);
    expect(body.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }],
      },
      { role: 'tool', content: '21C', tool_name: 'get_weather' },
      { role: 'tool', content: 'x' },
      { role: 'tool', content: 'y', tool_name: 'explicit' },
    ]);
  });

  it('treats empty tool arguments as {} and rejects arguments that are not a JSON object', () => {
    const call = (args: string): RequestIntent => ({
      model: 'm',
      messages: [{ role: 'assistant', toolCalls: [{ id: 'c', name: 't', arguments: args }] }],
    });
    expect(toOllamaRequest(call(''), 'm').messages[0]?.tool_calls?.[0]?.function.arguments).toEqual({});
    for (const bad of ['[1,2]', 'not json', '"text"', 'null']) {
      expect(() => toOllamaRequest(call(bad), 'm')).toThrow(ValidationError);
    }
  });

  it('approximates toolChoice: none drops tools, a name narrows them, unknown names fail', () => {
    const tools = [
      { name: 'a', parameters: {} },
      { name: 'b', parameters: {} },
    ];
    expect(toOllamaRequest({ ...base, tools, toolChoice: 'none' }, 'm').tools).toBeUndefined();
    expect(toOllamaRequest({ ...base, tools, toolChoice: 'required' }, 'm').tools).toHaveLength(2);
    expect(
      toOllamaRequest({ ...base, tools, toolChoice: { name: 'b' } }, 'm').tools?.map((t) => t.function.name),
    ).toEqual(['b']);
    expect(() => toOllamaRequest({ ...base, tools, toolChoice: { name: 'zzz' } }, 'm')).toThrow(
      ValidationError,
    );
  });

  it('maps responseFormat to format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(toOllamaRequest({ ...base, responseFormat: { type: 'text' } }, 'm').format).toBeUndefined();
    expect(toOllamaRequest({ ...base, responseFormat: { type: 'json' } }, 'm').format).toBe('json');
    expect(
      toOllamaRequest({ ...base, responseFormat: { type: 'json_schema', name: 'x', schema } }, 'm').format,
    ).toEqual(schema);
  });

  it('maps parameters to options and drops the ones Ollama lacks', () => {
    const body = toOllamaRequest(
      {
        ...base,
        parameters: {
          temperature: 0.2,
          maxTokens: 64,
          topP: 0.9,
          stop: ['\n\n'],
          seed: 7,
          presencePenalty: 0.5,
          frequencyPenalty: -0.5,
          user: 'u1',
        },
      },
      'm',
    );
    expect(body.options).toEqual({
      temperature: 0.2,
      num_predict: 64,
      top_p: 0.9,
      stop: ['\n\n'],
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
    });
    expect(toOllamaRequest({ ...base, parameters: { user: 'u', stop: [] } }, 'm').options).toBeUndefined();
  });
});
