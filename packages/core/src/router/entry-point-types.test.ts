import { describe, expectTypeOf, it } from 'vitest';
import type {
  ApiKeyRouter,
  Decimal,
  EmbedIntent,
  EmbedResponse,
  ObjectiveInput,
  RequestIntent,
  RouteOptions,
  RouteResponse,
  RouteStreamChunk,
  RoutingExplanation,
} from '../index.js';

// Checked by `tsc --noEmit` (npm run typecheck): every `@ts-expect-error` below must be an error, so a
// wrong shape that starts compiling fails the typecheck. The function is never called at run time.
function wrongShapesDoNotCompile(router: ApiKeyRouter): void {
  const messages = [{ role: 'user' as const, content: 'hi' }];
  // @ts-expect-error misspelt field
  void router.route({ modle: 'gpt-4o-mini', messages });
  // @ts-expect-error maxTokens belongs under `parameters`
  void router.route({ model: 'gpt-4o-mini', messages, maxTokens: 5 });
  // @ts-expect-error unknown role
  void router.route({ model: 'gpt-4o-mini', messages: [{ role: 'wizard', content: 'x' }] });
  // @ts-expect-error an embeddings intent is not a chat intent
  void router.route({ model: 'text-embedding-3-small', input: 'x' });
  // @ts-expect-error unknown objective preset
  void router.route({ model: 'gpt-4o-mini', messages }, 'cheapest');
  // @ts-expect-error deadlineMs is a number
  void router.route({ model: 'gpt-4o-mini', messages }, 'cost', { deadlineMs: '5000' });
  // @ts-expect-error a stream needs a chat intent
  void router.routeStream({ model: 'gpt-4o-mini' });
  // @ts-expect-error embeddings take `input`, not messages
  void router.embed({ model: 'text-embedding-3-small', messages });
  // @ts-expect-error input is text or texts
  void router.embed({ model: 'text-embedding-3-small', input: [1, 2] });
  // @ts-expect-error neither a chat nor an embeddings intent
  void router.explain({ model: 'gpt-4o-mini' });
}

describe('typed entry points', () => {
  it('take the intent types and infer the response types', () => {
    expectTypeOf(wrongShapesDoNotCompile).toBeFunction();
    expectTypeOf<ApiKeyRouter['route']>().parameters.toEqualTypeOf<
      [intent: RequestIntent, objective?: ObjectiveInput, options?: RouteOptions]
    >();
    expectTypeOf<ApiKeyRouter['route']>().returns.resolves.toEqualTypeOf<RouteResponse>();
    expectTypeOf<ApiKeyRouter['routeStream']>().parameter(0).toEqualTypeOf<RequestIntent>();
    expectTypeOf<ApiKeyRouter['routeStream']>().returns.toEqualTypeOf<
      AsyncGenerator<RouteStreamChunk, void, undefined>
    >();
    expectTypeOf<ApiKeyRouter['embed']>().parameter(0).toEqualTypeOf<EmbedIntent>();
    expectTypeOf<ApiKeyRouter['embed']>().returns.resolves.toEqualTypeOf<EmbedResponse>();
    expectTypeOf<ApiKeyRouter['explain']>().parameter(0).toEqualTypeOf<RequestIntent | EmbedIntent>();
    expectTypeOf<ApiKeyRouter['explain']>().returns.resolves.toEqualTypeOf<RoutingExplanation>();
  });

  it('narrow stream chunks and expose embeddings and costs precisely', () => {
    expectTypeOf<EmbedResponse['embeddings']>().toEqualTypeOf<number[][]>();
    expectTypeOf<RouteResponse['cost']['amount']>().toEqualTypeOf<Decimal>();
    expectTypeOf<RouteResponse['keyId']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<RouteStreamChunk, { type: 'text-delta' }>['text']>().toEqualTypeOf<string>();
    expectTypeOf<Extract<RouteStreamChunk, { type: 'finish' }>['usage']>().toEqualTypeOf<
      RouteResponse['usage']
    >();
    expectTypeOf<
      Extract<RouteStreamChunk, { type: 'finish' }>['explanation']
    >().toEqualTypeOf<RoutingExplanation>();
  });

  it('accept every well-formed intent literal without casts', () => {
    const intent = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user' as const, content: 'hi' }],
      parameters: { maxTokens: 5 },
      tools: [{ name: 'look', parameters: { type: 'object' } }],
      responseFormat: { type: 'json_schema' as const, name: 'a', schema: { type: 'object' } },
    };
    expectTypeOf(intent).toMatchTypeOf<RequestIntent>();
    expectTypeOf({ model: 'text-embedding-3-small', input: ['a', 'b'] }).toMatchTypeOf<EmbedIntent>();
  });
});
