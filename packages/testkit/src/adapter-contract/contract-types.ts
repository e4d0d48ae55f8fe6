import type { BodyLimits, ProviderAdapter } from '@apikeyrouter/provider';

/**
 * HTTP failures an upstream answers with a status (and a body in the provider's own error shape).
 *
 * @example
 * const kind: StatusFailure = 'rate_limit';
 */
export type StatusFailure =
  | 'unauthorized'
  | 'forbidden'
  | 'model_not_found'
  | 'request_timeout'
  | 'rate_limit'
  | 'quota'
  | 'server_error'
  | 'unavailable'
  | 'overloaded';

/**
 * One error response in the provider's wire format.
 *
 * @example
 * const reply: WireReply = { status: 429, body: '{"error":{"code":"rate_limit_exceeded"}}' };
 */
export interface WireReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/**
 * What the contract suite needs to speak one provider's wire format. `echo` is text the upstream puts into
 * every free-text field (the suite passes the key to prove nothing leaks).
 *
 * @example
 * const wire: ContractWire = { chatPath: '/v1/chat/completions', answer: (model) => JSON.stringify({ ... }), ... };
 */
export interface ContractWire {
  /** A complete non-streamed answer ("ok"), reporting `model`. */
  answer(model: string): string;
  /** The start of a streamed answer: bytes that decode to at least one text delta. */
  streamHead(model: string): string;
  /** The rest of the streamed answer, up to its proper end. */
  streamTail(model: string): string;
  /** Content type of a stream. */
  streamContentType: string;
  /** Header carrying the provider's request id, if the provider sends one. */
  requestIdHeader?: string;
  /** The provider's error reply for a failure, with `echo` in every free-text field. */
  error(kind: StatusFailure, echo: string): WireReply;
}

/**
 * Options the suite gives an adapter under test.
 *
 * @example
 * const options: ContractAdapterOptions = { baseURL: server.url, timeoutMs: 5000, idleTimeoutMs: 1000 };
 */
export interface ContractAdapterOptions {
  /** The loopback upstream's origin. */
  baseURL: string;
  /** Whole-call timeout. */
  timeoutMs: number;
  /** Idle timeout between stream chunks. */
  idleTimeoutMs: number;
  /** Size caps. */
  limits: BodyLimits;
}

/**
 * How to run one adapter against the contract.
 *
 * @example
 * runAdapterContract('openai', { model: 'gpt-4o-mini', wire, create: (o) => new OpenAIAdapter({ ...o, baseURL: `${o.baseURL}/v1` }) });
 */
export interface AdapterContractSetup {
  /** Model id to call. */
  model: string;
  /** The provider's wire format. */
  wire: ContractWire;
  /** Builds the adapter, pointed at the loopback upstream. */
  create(options: ContractAdapterOptions): ProviderAdapter;
}
