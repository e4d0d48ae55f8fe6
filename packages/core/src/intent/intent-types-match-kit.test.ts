import type * as Kit from '@apikeyrouter/provider';
import { describe, expectTypeOf, it } from 'vitest';
import type * as Core from './index.js';
import { parseIntent } from './parse-intent.js';

// Adapters compile against the kit's plain types; the router validates with zod. If either side changes
// alone, `tsc --noEmit` (npm run typecheck) fails on these lines.
describe('core intent types equal the provider kit types', () => {
  it('RequestIntent and its parts are the same types', () => {
    expectTypeOf<Core.RequestIntent>().toEqualTypeOf<Kit.RequestIntent>();
    expectTypeOf<Core.Message>().toEqualTypeOf<Kit.Message>();
    expectTypeOf<Core.ContentPart>().toEqualTypeOf<Kit.ContentPart>();
    expectTypeOf<Core.ImagePart>().toEqualTypeOf<Kit.ImagePart>();
    expectTypeOf<Core.ToolCall>().toEqualTypeOf<Kit.ToolCall>();
    expectTypeOf<Core.ToolDefinition>().toEqualTypeOf<Kit.ToolDefinition>();
    expectTypeOf<Core.ToolChoice>().toEqualTypeOf<Kit.ToolChoice>();
    expectTypeOf<Core.ResponseFormat>().toEqualTypeOf<Kit.ResponseFormat>();
    expectTypeOf<Core.GenerationParameters>().toEqualTypeOf<Kit.GenerationParameters>();
    expectTypeOf<Core.AssistantMessage>().toEqualTypeOf<Kit.AssistantMessage>();
  });

  it('a parsed intent is accepted where an adapter expects the kit type', () => {
    const intent: Kit.RequestIntent = parseIntent({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expectTypeOf(intent).toEqualTypeOf<Kit.RequestIntent>();
  });
});
