/**
 * Ollama's native wire format (`/api/chat`, `/api/embed`), as far as this adapter reads or writes it. Response
 * types are deliberately loose: Ollama adds fields between releases and parsing must never break on them.
 */

/**
 * A tool call as Ollama sends and accepts it: `arguments` is a JSON object, not JSON text.
 *
 * @example
 * ```ts
 * const call: OllamaToolCall = { function: { name: 'get_weather', arguments: { city: 'Paris' } } };
 * const turn: OllamaMessage = { role: 'assistant', content: '', tool_calls: [call] };
 * ```
 */
export interface OllamaToolCall {
  /** Newer Ollama releases send an id; older ones do not, so the adapter synthesises one. */
  id?: string;
  /** The function the model wants to run. */
  function: {
    /** Position of the call within the message (newer releases). */
    index?: number;
    /** Tool name. */
    name: string;
    /** Arguments as an object. */
    arguments: Record<string, unknown>;
  };
}

/**
 * One message of an `/api/chat` request.
 *
 * @example
 * ```ts
 * const messages: OllamaMessage[] = [
 *   { role: 'user', content: 'What is in this picture?', images: ['iVBORw0KGgo…'] },
 *   { role: 'tool', content: '{"tempC":21}', tool_name: 'get_weather' },
 * ];
 * ```
 */
export interface OllamaMessage {
  /** Who speaks. */
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** Text content (always a string in Ollama). */
  content: string;
  /** Base64 images (no data: prefix), for vision models. */
  images?: string[];
  /** Tool calls of an assistant message. */
  tool_calls?: OllamaToolCall[];
  /** For `role: 'tool'`: the name of the tool that produced this result. */
  tool_name?: string;
}

/**
 * A tool offered to the model.
 *
 * @example
 * ```ts
 * const tool: OllamaTool = {
 *   type: 'function',
 *   function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
 * };
 * ```
 */
export interface OllamaTool {
  /** Always `function`. */
  type: 'function';
  /** Name, description and JSON Schema of the arguments. */
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/**
 * Model options (`options` in the request body); Ollama names them after llama.cpp.
 *
 * @example
 * ```ts
 * // What an intent's `parameters: { maxTokens: 256, temperature: 0.2 }` becomes.
 * const options: OllamaOptions = { num_predict: 256, temperature: 0.2 };
 * ```
 */
export interface OllamaOptions {
  /** Sampling temperature. */
  temperature?: number;
  /** Maximum tokens to generate. */
  num_predict?: number;
  /** Nucleus sampling. */
  top_p?: number;
  /** Stop sequences. */
  stop?: string[];
  /** Sampling seed. */
  seed?: number;
  /** Presence penalty. */
  presence_penalty?: number;
  /** Frequency penalty. */
  frequency_penalty?: number;
}

/**
 * The body of `POST /api/chat`.
 *
 * @example
 * ```ts
 * const body: OllamaChatRequest = {
 *   model: 'llama3.2',
 *   messages: [{ role: 'user', content: 'Hi' }],
 *   format: 'json',
 *   stream: false,
 * };
 * // or from an intent: toOllamaRequest(intent, 'llama3.2')
 * ```
 */
export interface OllamaChatRequest {
  /** Local model name, e.g. `llama3.2` or `llava:13b`. */
  model: string;
  /** The conversation. */
  messages: OllamaMessage[];
  /** Tools the model may call. */
  tools?: OllamaTool[];
  /** `json`, or a JSON Schema the output must follow. */
  format?: 'json' | Record<string, unknown>;
  /** Sampling and length options. */
  options?: OllamaOptions;
  /** NDJSON stream (true) or one JSON object (false). */
  stream: boolean;
  /** How long the model stays loaded after the call (`5m`, seconds, or -1). */
  keep_alive?: string | number;
}

/**
 * The assistant message inside a chat response or stream line.
 *
 * @example
 * ```ts
 * const message: OllamaResponseMessage | undefined = ((await response.json()) as OllamaChatResponse).message;
 * console.log(message?.content, message?.tool_calls?.map((c) => c.function.name));
 * ```
 */
export interface OllamaResponseMessage {
  /** Normally `assistant`. */
  role?: string;
  /** Text (or the text delta, when streaming). */
  content?: string;
  /** Hidden reasoning of thinking models; not part of the answer. */
  thinking?: string;
  /** Tool calls, each complete (Ollama never splits one across lines). */
  tool_calls?: OllamaToolCall[];
}

/**
 * A non-streamed `/api/chat` response, or one NDJSON line of a streamed one.
 *
 * @example
 * ```ts
 * const line: OllamaChatResponse = JSON.parse('{"model":"llama3.2","message":{"role":"assistant","content":"Hi"},"done":false}');
 * if (line.error !== undefined) throw new Error(line.error);
 * if (line.done) console.log(line.done_reason, line.prompt_eval_count, line.eval_count);
 * ```
 */
export interface OllamaChatResponse {
  /** Model that answered. */
  model?: string;
  /** RFC 3339 creation instant. */
  created_at?: string;
  /** The message (or delta). */
  message?: OllamaResponseMessage;
  /** True on the final line. */
  done?: boolean;
  /** Why generation stopped: `stop`, `length`, `load`, `unload`. */
  done_reason?: string;
  /** Prompt tokens evaluated (older releases omit it when the prompt was fully cached). */
  prompt_eval_count?: number;
  /** Tokens generated. */
  eval_count?: number;
  /** Total time in ns. */
  total_duration?: number;
  /** Model load time in ns. */
  load_duration?: number;
  /** Prompt evaluation time in ns. */
  prompt_eval_duration?: number;
  /** Generation time in ns. */
  eval_duration?: number;
  /** Set on an error line inside a stream (HTTP status stays 200). */
  error?: string;
}

/**
 * The body of `POST /api/embed`.
 *
 * @example
 * ```ts
 * const body: OllamaEmbedRequest = toOllamaEmbedRequest('nomic-embed-text', ['a', 'b'], '5m');
 * // { model: 'nomic-embed-text', input: ['a', 'b'], keep_alive: '5m' }
 * ```
 */
export interface OllamaEmbedRequest {
  /** Embedding model, e.g. `nomic-embed-text`. */
  model: string;
  /** Texts to embed. */
  input: string[];
  /** How long the model stays loaded. */
  keep_alive?: string | number;
}

/**
 * The response of `POST /api/embed`.
 *
 * @example
 * ```ts
 * const body: OllamaEmbedResponse = { model: 'nomic-embed-text', embeddings: [[0.1, 0.2]], prompt_eval_count: 2 };
 * fromOllamaEmbedResponse(body, 1, 'nomic-embed-text').usage; // { inputTokens: 2 }
 * ```
 */
export interface OllamaEmbedResponse {
  /** Model that answered. */
  model?: string;
  /** One vector per input. */
  embeddings?: number[][];
  /** Tokens evaluated. */
  prompt_eval_count?: number;
  /** Total time in ns. */
  total_duration?: number;
  /** Model load time in ns. */
  load_duration?: number;
}

/**
 * Ollama's error body, on any status and as a line inside a stream.
 *
 * @example
 * ```ts
 * const body: OllamaErrorBody = JSON.parse('{"error":"model \'x\' not found, try pulling it first"}');
 * throw ollamaError({ providerId: 'ollama', status: 404, message: body.error, now: clock.now() });
 * ```
 */
export interface OllamaErrorBody {
  /** Human-readable message; Ollama has no error codes. */
  error: string;
}
