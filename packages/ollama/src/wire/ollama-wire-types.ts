/**
 * Ollama's native wire format (`/api/chat`, `/api/embed`), as far as this adapter reads or writes it. Response
 * types are deliberately loose: Ollama adds fields between releases and parsing must never break on them.
 */

/** A tool call as Ollama sends and accepts it: `arguments` is a JSON object, not JSON text. */
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

/** One message of an `/api/chat` request. */
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

/** A tool offered to the model. */
export interface OllamaTool {
  /** Always `function`. */
  type: 'function';
  /** Name, description and JSON Schema of the arguments. */
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** Model options (`options` in the request body); Ollama names them after llama.cpp. */
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

/** The body of `POST /api/chat`. */
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

/** The assistant message inside a chat response or stream line. */
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

/** A non-streamed `/api/chat` response, or one NDJSON line of a streamed one. */
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

/** The body of `POST /api/embed`. */
export interface OllamaEmbedRequest {
  /** Embedding model, e.g. `nomic-embed-text`. */
  model: string;
  /** Texts to embed. */
  input: string[];
  /** How long the model stays loaded. */
  keep_alive?: string | number;
}

/** The response of `POST /api/embed`. */
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

/** Ollama's error body, on any status and as a line inside a stream. */
export interface OllamaErrorBody {
  /** Human-readable message; Ollama has no error codes. */
  error: string;
}
