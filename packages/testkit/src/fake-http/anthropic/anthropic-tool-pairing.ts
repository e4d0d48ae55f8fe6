import type { FakeTurn } from './anthropic-fake-request.js';

/**
 * Anthropic's tool-turn rules: every `tool_use` of an assistant turn needs a `tool_result` in the very next
 * (user) turn, and a `tool_result` may only answer a `tool_use` of the turn just before. Returns the
 * `invalid_request_error` message for the first violation, or undefined.
 *
 * @example
 * checkToolPairing([{ role: 'assistant', blocks: [{ type: 'tool_use', id: 't1', name: 'f', input: {} }] }]);
 * // 'messages.0: `tool_use` ids were found without `tool_result` blocks immediately after: t1. …'
 */
export function checkToolPairing(turns: readonly FakeTurn[]): string | undefined {
  for (let index = 0; index < turns.length; index++) {
    const turn = turns[index] as FakeTurn;
    const previous = turns[index - 1];
    const offered = new Set<string>();
    for (const block of previous?.blocks ?? []) if (block.type === 'tool_use') offered.add(block.id);
    for (const block of turn.blocks) {
      if (block.type === 'tool_result' && !offered.has(block.toolUseId)) {
        return `messages.${index}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.toolUseId}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      }
    }
    const uses = turn.blocks.flatMap((block) => (block.type === 'tool_use' ? [block.id] : []));
    if (uses.length === 0) continue;
    const next = turns[index + 1];
    const answered = new Set(
      (next?.blocks ?? []).flatMap((block) => (block.type === 'tool_result' ? [block.toolUseId] : [])),
    );
    const missing = uses.filter((id) => !answered.has(id));
    // A trailing assistant turn is a prefill the model continues; its calls cannot be answered yet.
    if (next !== undefined && missing.length > 0) {
      return `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
    }
  }
  return undefined;
}
