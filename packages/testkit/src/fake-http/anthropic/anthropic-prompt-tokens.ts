import { countFakeTokens } from '../../simulation/fake-reply.js';
import type { FakeBlock, FakeMessagesRequest } from './anthropic-fake-request.js';

/** Tokens an image costs in the fake (real cost depends on its size). */
export const FAKE_IMAGE_TOKENS = 100;

/** Prompt size of a request, and its cacheable prefix. */
export interface PromptTokens {
  /** All prompt tokens. @example 1200 */
  total: number;
  /** Tokens up to the last `cache_control` marker in tools and system (0 when none). @example 1100 */
  prefix: number;
  /** Identity of that prefix (its text), for cache lookups. @example '…' */
  prefixKey: string;
}

function blockTokens(block: FakeBlock): number {
  switch (block.type) {
    case 'text':
      return countFakeTokens(block.text);
    case 'image':
      return FAKE_IMAGE_TOKENS;
    case 'tool_use':
      return countFakeTokens(`${block.name}${JSON.stringify(block.input)}`);
    case 'tool_result':
      return countFakeTokens(block.text);
  }
}

/**
 * Counts a request's prompt tokens the fake way (one per 4 characters per piece) and finds the prefix that
 * prompt caching would cover: tools, then system blocks, up to the last one carrying `cache_control`.
 *
 * @example
 * promptTokens(request).total; // 42
 */
export function promptTokens(request: FakeMessagesRequest): PromptTokens {
  const pieces: Array<{ text: string; tokens: number; cached: boolean }> = [];
  for (const tool of request.tools) {
    const text = JSON.stringify(tool.raw);
    pieces.push({ text, tokens: countFakeTokens(text), cached: tool.cached });
  }
  for (const block of request.system) {
    pieces.push({ text: block.text, tokens: countFakeTokens(block.text), cached: block.cached });
  }
  let total = 0;
  let prefix = 0;
  let prefixEnd = -1;
  pieces.forEach((piece, index) => {
    total += piece.tokens;
    if (piece.cached) {
      prefix = total;
      prefixEnd = index;
    }
  });
  for (const turn of request.turns) for (const block of turn.blocks) total += blockTokens(block);
  const prefixKey = pieces
    .slice(0, prefixEnd + 1)
    .map((piece) => piece.text)
    .join('\u0000');
  return { total, prefix, prefixKey };
}
