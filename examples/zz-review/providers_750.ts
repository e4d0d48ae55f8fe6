import {
  type AdapterCall,
  type AdapterResponse,
  type AdapterStream,
  type ClassifyContext,
  type ProviderAdapter,
  type RateLimitObservation,
  RouterError,
  categoryForStatus,
  classifyTransportError,
  createCallSignal,
  parseRetryAfter,
} from '@apikeyrouter/core';

export class AcmeAdapter implements ProviderAdapter {
  readonly id = 'acme';
  readonly capabilities = {
    streaming: false,
    tools: false,
    vision: false,
    jsonMode: false,
    embeddings: false,
    models: ['acme-*'],
  };

  async execute(call: AdapterCall): Promise<AdapterResponse> {
    const signal = createCallSignal(call.signal, 30_000, call.clock); // timeout on the router's clock
    try {
      const response = await fetch('https://api.acme.test/v1/generate', {
        method: 'POST',
        headers: { authorization: `Bearer ${call.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: call.model,
          prompt: call.intent.messages.map((m) => m.content).join('\n'),
        }),
        signal: signal.signal,
      });
      const rateLimits = this.parseRateLimits(response.headers, call.clock.now());
      const body = (await response.json()) as { text: string; input_tokens: number; output_tokens: number };
      if (!response.ok) {
        throw new RouterError(categoryForStatus(response.status), 'acme refused the request', {
          status: response.status,
          rateLimits,
          retryAfterMs: parseRetryAfter(response.headers, call.clock.now()),
        });
      }
      const usage = {
        inputTokens: body.input_tokens,
        outputTokens: body.output_tokens,
        totalTokens: body.input_tokens + body.output_tokens,
      };
      return {
        message: { role: 'assistant', content: body.text },
        finishReason: 'stop',
        usage,
        model: call.model,
        rateLimits,
        raw: body,
      };
    } catch (error) {
      throw this.classifyError(error, { providerId: this.id, clock: call.clock });
    } finally {
      signal.dispose();
    }
  }

  async stream(): Promise<AdapterStream> {
    throw new RouterError('configuration', 'acme does not stream'); // never called: capabilities.streaming is false
  }

  parseRateLimits(headers: Headers, now: number): RateLimitObservation {
    const remaining = headers.get('x-acme-remaining');
    return remaining === null
      ? { dimensions: [] }
      : {
          dimensions: [
            { dimension: 'requests_per_minute', remaining: Number(remaining), resetAt: now + 60_000 },
          ],
        };
  }

  classifyError(error: unknown, context: ClassifyContext): RouterError {
    return RouterError.isInstance(error)
      ? error
      : (classifyTransportError(error, { providerId: context.providerId, timedOut: false, aborted: false }) ??
          new RouterError('provider', 'acme failed', { providerId: context.providerId }));
  }
}
