import { describe, expect, it } from 'vitest';
import { fakeChatReply } from './ollama-fake-reply.js';

describe('fakeChatReply', () => {
  it('echoes the last user text with token counts', () => {
    expect(
      fakeChatReply({ model: 'm', messages: [{ role: 'user', content: 'hello' }], stream: false }),
    ).toEqual({
      text: 'echo: hello',
      toolCalls: [],
      doneReason: 'stop',
      promptTokens: 2,
      outputTokens: 3,
    });
  });

  it('only calls a tool when the last message is a user message naming it', () => {
    const tools = [{ function: { name: 'lookup' } }, { function: {} }];
    const call = fakeChatReply({
      model: 'm',
      messages: [{ role: 'user', content: 'lookup cats' }],
      tools,
      stream: false,
    });
    expect(call.toolCalls).toEqual([{ function: { name: 'lookup', arguments: { query: 'lookup cats' } } }]);
    const none = fakeChatReply({
      model: 'm',
      messages: [{ role: 'user', content: 'hello' }],
      tools,
      stream: false,
    });
    expect(none.toolCalls).toEqual([]);
    const after = fakeChatReply({
      model: 'm',
      messages: [
        { role: 'user', content: 'lookup' },
        { role: 'tool', content: 'lookup done' },
      ],
      tools,
      stream: false,
    });
    expect([after.text, after.toolCalls]).toEqual(['echo: lookup done', []]);
  });

  it('tolerates odd message contents', () => {
    const reply = fakeChatReply({ model: 'm', messages: [{ role: 'user', content: 42 }], stream: false });
    expect(reply.text).toBe('echo: ');
  });
});
