/**
 * Request shapes of the Anthropic Messages API (`POST /v1/messages`), limited to what the adapter sends.
 *
 * @example
 * const block: AnthropicTextBlock = { type: 'text', text: 'Hello' };
 */
export interface AnthropicTextBlock {
  /** Block kind. @example 'text' */
  type: 'text';
  /** The text. @example 'Hello' */
  text: string;
  /** Marks the end of a cacheable prefix. @example { type: 'ephemeral' } */
  cache_control?: AnthropicCacheControl;
}

/**
 * Prompt-caching marker: everything up to and including the marked block is cached.
 *
 * @example
 * const marker: AnthropicCacheControl = { type: 'ephemeral' };
 */
export interface AnthropicCacheControl {
  /** Only `ephemeral` exists (5 minutes, refreshed on each hit). @example 'ephemeral' */
  type: 'ephemeral';
}

/**
 * Where an image comes from: inline base64 or a URL the provider fetches.
 *
 * @example
 * const source: AnthropicImageSource = { type: 'url', url: 'https://example.com/cat.png' };
 */
export type AnthropicImageSource =
  | {
      /** Inline data. @example 'base64' */
      type: 'base64';
      /** MIME type. @example 'image/png' */
      media_type: string;
      /** Base64 bytes. @example 'iVBORw0KGgo=' */
      data: string;
    }
  | {
      /** Fetched by the provider. @example 'url' */
      type: 'url';
      /** Image URL. @example 'https://example.com/cat.png' */
      url: string;
    };

/**
 * An image content block.
 *
 * @example
 * const image: AnthropicImageBlock = { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } };
 */
export interface AnthropicImageBlock {
  /** Block kind. @example 'image' */
  type: 'image';
  /** The image bytes or URL. @example { type: 'url', url: 'https://example.com/a.png' } */
  source: AnthropicImageSource;
}

/**
 * A tool call the assistant made (also sent back in history).
 *
 * @example
 * const call: AnthropicToolUseBlock = { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } };
 */
export interface AnthropicToolUseBlock {
  /** Block kind. @example 'tool_use' */
  type: 'tool_use';
  /** Tool call id. @example 'toolu_01A' */
  id: string;
  /** Tool name. @example 'get_weather' */
  name: string;
  /** Arguments as a JSON object. @example { city: 'Oslo' } */
  input: Record<string, unknown>;
}

/**
 * The result of a tool call; lives in a user message.
 *
 * @example
 * const result: AnthropicToolResultBlock = { type: 'tool_result', tool_use_id: 'toolu_1', content: '12°C' };
 */
export interface AnthropicToolResultBlock {
  /** Block kind. @example 'tool_result' */
  type: 'tool_result';
  /** Id of the tool call answered. @example 'toolu_01A' */
  tool_use_id: string;
  /** The result text. @example '12°C' */
  content: string;
}

/**
 * Any content block the adapter sends.
 *
 * @example
 * const blocks: AnthropicContentBlock[] = [{ type: 'text', text: 'hi' }];
 */
export type AnthropicContentBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock;

/**
 * One turn of the conversation. Anthropic has only `user` and `assistant` turns.
 *
 * @example
 * const turn: AnthropicMessageParam = { role: 'user', content: 'Hello' };
 */
export interface AnthropicMessageParam {
  /** Who speaks. @example 'user' */
  role: 'user' | 'assistant';
  /** Plain text or blocks. @example 'Hello' */
  content: string | AnthropicContentBlock[];
}

/**
 * A tool definition.
 *
 * @example
 * const tool: AnthropicToolParam = { name: 'get_weather', input_schema: { type: 'object', properties: {} } };
 */
export interface AnthropicToolParam {
  /** Tool name. @example 'get_weather' */
  name: string;
  /** What the tool does, for the model. @example 'Current weather for a city' */
  description?: string;
  /** JSON Schema of the input object. @example { type: 'object', properties: { city: { type: 'string' } } } */
  input_schema: Record<string, unknown>;
  /** Prompt-caching marker. @example { type: 'ephemeral' } */
  cache_control?: AnthropicCacheControl;
}

/**
 * How the model may use tools: `auto`, `any` (must call one), `none`, or one named tool.
 *
 * @example
 * const choice: AnthropicToolChoice = { type: 'tool', name: 'get_weather' };
 */
export type AnthropicToolChoice =
  | { type: 'auto' }
  | { type: 'any' }
  | { type: 'none' }
  | {
      /** Forces one tool. @example 'tool' */
      type: 'tool';
      /** The tool to call. @example 'get_weather' */
      name: string;
    };

/**
 * The body of `POST /v1/messages` as the adapter builds it.
 *
 * @example
 * const body: AnthropicRequest = { model: 'claude-haiku-5-5', max_tokens: 256, messages: [{ role: 'user', content: 'hi' }] };
 */
export interface AnthropicRequest {
  /** Model id. @example 'claude-sonnet-5-5' */
  model: string;
  /** Required output cap. @example 1024 */
  max_tokens: number;
  /** The conversation, without system prompts. @example [{ role: 'user', content: 'hi' }] */
  messages: AnthropicMessageParam[];
  /** Top-level system prompt. @example 'Be brief.' */
  system?: string | AnthropicTextBlock[];
  /** Tools the model may call. @example [{ name: 'f', input_schema: { type: 'object' } }] */
  tools?: AnthropicToolParam[];
  /** Tool policy. @example { type: 'auto' } */
  tool_choice?: AnthropicToolChoice;
  /** 0..1 on Anthropic. @example 0.2 */
  temperature?: number;
  /** Nucleus sampling. @example 0.9 */
  top_p?: number;
  /** Custom stop sequences. @example ['\n\nHuman:'] */
  stop_sequences?: string[];
  /** End-user id for abuse detection. @example { user_id: 'u-42' } */
  metadata?: { user_id: string };
  /** Server-sent events instead of one JSON body. @example true */
  stream?: boolean;
}
