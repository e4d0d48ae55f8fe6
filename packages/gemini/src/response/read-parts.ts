import type { ToolCall } from '@apikeyrouter/provider';
import { asArray, asRecord, asString } from '../wire/json-guards.js';
import { makeToolCallId } from '../wire/tool-call-id.js';

/**
 * Text and tool calls found in a list of Gemini parts.
 *
 * @example
 * ```ts
 * const { text, toolCalls }: ReadParts = readParts(candidate.content.parts, 0);
 * console.log(text, toolCalls.map((call) => call.name));
 * ```
 */
export interface ReadParts {
  /** Visible text, concatenated (thought summaries excluded). */
  text: string;
  /** Function calls with synthesised ids, numbered from the `firstToolIndex` given. */
  toolCalls: ToolCall[];
}

/**
 * Reads a candidate's `content.parts`: text parts (except `thought: true` summaries) are joined,
 * `functionCall` parts become tool calls whose `arguments` are JSON text, unknown part kinds
 * (`executableCode`, `inlineData` output …) are ignored.
 *
 * @example
 * readParts([{ text: 'Hi' }, { functionCall: { name: 'f', args: {} } }], 0).toolCalls[0]?.name; // 'f'
 */
export function readParts(parts: unknown, firstToolIndex: number): ReadParts {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const item of asArray(parts)) {
    const part = asRecord(item);
    if (!part) continue;
    const partText = asString(part.text);
    if (partText !== undefined && part.thought !== true) text += partText;
    const call = asRecord(part.functionCall);
    const name = asString(call?.name);
    if (call && name !== undefined) {
      const argumentsJson = JSON.stringify(asRecord(call.args) ?? {});
      const id = makeToolCallId({
        index: firstToolIndex + toolCalls.length,
        name,
        argumentsJson,
        thoughtSignature: asString(part.thoughtSignature),
        geminiId: asString(call.id),
      });
      toolCalls.push({ id, name, arguments: argumentsJson });
    }
  }
  return { text, toolCalls };
}
