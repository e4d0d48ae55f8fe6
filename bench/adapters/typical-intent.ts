import { parseIntent, type RequestIntent } from '@apikeyrouter/core';

/**
 * The request every adapter benchmark serialises: a short multi-turn chat with a system prompt and one tool,
 * the shape of a typical production call.
 *
 * @example
 * const body = toOpenAIRequest(typicalIntent('gpt-4o-mini'), 'gpt-4o-mini');
 */
export function typicalIntent(model: string): RequestIntent {
  return parseIntent({
    model,
    messages: [
      { role: 'system', content: 'You are a concise assistant that answers in one paragraph.' },
      { role: 'user', content: 'Summarise the plot of Hamlet in three sentences, please.' },
      { role: 'assistant', content: 'Prince Hamlet seeks revenge for his father’s murder …' },
      { role: 'user', content: 'Now do the same for Macbeth.' },
    ],
    tools: [
      {
        name: 'lookup_play',
        description: 'Find a play by title',
        parameters: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
      },
    ],
    parameters: { temperature: 0.3, maxTokens: 256, topP: 0.9 },
  });
}
