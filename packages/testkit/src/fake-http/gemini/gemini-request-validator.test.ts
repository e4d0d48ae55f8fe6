import { describe, expect, it } from 'vitest';
import { validateGeminiRequest } from './gemini-request-validator.js';

const user = (parts: unknown[]) => ({ role: 'user', parts });

describe('validateGeminiRequest', () => {
  const invalid: Array<[string, unknown, string, RegExp]> = [
    ['a non-object body', 'text', 'gemini-2.0-flash', /Invalid JSON payload/],
    [
      'an unknown top-level field',
      { contents: [user([{ text: 'x' }])], messages: [] },
      'gemini-2.0-flash',
      /Unknown name "messages"/,
    ],
    [
      'an unknown generationConfig field',
      { contents: [user([{ text: 'x' }])], generationConfig: { max_tokens: 5 } },
      'gemini-2.0-flash',
      /Unknown name "max_tokens" at 'generation_config'/,
    ],
    ['missing contents', {}, 'gemini-2.0-flash', /contents is not specified/],
    [
      'a bad role',
      { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] },
      'gemini-2.0-flash',
      /valid role: user, model/,
    ],
    ['empty parts', { contents: [user([])] }, 'gemini-2.0-flash', /parts must not be empty/],
    [
      'a part without data',
      { contents: [user([{ thought: true }])] },
      'gemini-2.0-flash',
      /required oneof field 'data'/,
    ],
    [
      'bad base64',
      { contents: [user([{ inlineData: { mimeType: 'image/png', data: 'not base64!' } }])] },
      'gemini-2.0-flash',
      /Base64 decoding failed/,
    ],
    [
      'an OBJECT without properties',
      {
        contents: [user([{ text: 'x' }])],
        tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: 'OBJECT', properties: {} } }] }],
      },
      'gemini-2.0-flash',
      /should be non-empty for OBJECT type/,
    ],
    [
      'a system instruction for Gemma',
      { contents: [user([{ text: 'x' }])], systemInstruction: { parts: [{ text: 's' }] } },
      'gemma-3-27b-it',
      /Developer instruction is not enabled/,
    ],
    [
      'an unsigned replayed call on Gemini 3',
      {
        contents: [
          user([{ text: 'x' }]),
          { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] },
        ],
      },
      'gemini-3-pro-preview',
      /missing a thought_signature/,
    ],
  ];
  it.each(invalid)('refuses %s', (_name, body, model, message) => {
    expect(validateGeminiRequest(body, model)?.message).toMatch(message);
  });

  it('accepts what a correct adapter sends, snake_case included', () => {
    const body = {
      contents: [
        user([{ text: 'x' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }]),
        { role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'c2ln' }] },
        user([{ functionResponse: { name: 'f', response: { ok: true } } }]),
      ],
      system_instruction: { parts: [{ text: 's' }] },
      tools: [{ functionDeclarations: [{ name: 'f' }] }],
      toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
      generationConfig: { maxOutputTokens: 5, max_output_tokens: 5, responseMimeType: 'application/json' },
    };
    expect(validateGeminiRequest(body, 'gemini-3-pro-preview')).toBeUndefined();
  });
});
