import { createHash } from 'node:crypto';
import type { ResolvedAffinityOptions } from './affinity-options.js';

/** The parts of an intent affinity reads (chat intents; embeddings have none of them). */
export interface AffinitySource {
  affinityKey?: string | undefined;
  messages?: ReadonlyArray<{ role: string; content?: unknown }> | undefined;
  tools?: readonly unknown[] | undefined;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content as Array<{ type?: string; text?: string }>)
    text += part?.type === 'text' && typeof part.text === 'string' ? part.text : '\u0001';
  return text;
}

function derivedText(source: AffinitySource, options: ResolvedAffinityOptions): string {
  const messages = source.messages ?? [];
  if (options.derive === 'system') {
    let text = '';
    for (const message of messages) if (message.role === 'system') text += `${textOf(message.content)}\u0000`;
    if (text === '') return '';
    return source.tools && source.tools.length > 0 ? `${text}${JSON.stringify(source.tools)}` : text;
  }
  let text = '';
  for (const message of messages) {
    text += `${message.role}\u0000${textOf(message.content)}\u0000`;
    if (text.length >= options.prefixChars) break;
  }
  return text.slice(0, options.prefixChars);
}

/**
 * The affinity digest of a request: of `affinityKey` when given, else of the derived prefix (system prompt or
 * conversation start) when `derive` is on, else undefined (no affinity). Only this digest is kept, never the
 * prompt.
 *
 * @example
 * affinityDigest({ affinityKey: 'tenant-42' }, resolveAffinityOptions()); // '9c1f…' (64 hex)
 */
export function affinityDigest(source: AffinitySource, options: ResolvedAffinityOptions): string | undefined {
  let text: string;
  if (source.affinityKey !== undefined) text = `key\u0000${source.affinityKey}`;
  else if (options.derive === 'off') return undefined;
  else {
    const derived = derivedText(source, options);
    if (derived === '') return undefined;
    text = `${options.derive}\u0000${derived}`;
  }
  return createHash('sha256').update(text).digest('hex');
}
