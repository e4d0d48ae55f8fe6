import { type ContentPart, type ImagePart, ValidationError } from '@apikeyrouter/provider';
import type {
  AnthropicContentBlock,
  AnthropicImageBlock,
  AnthropicTextBlock,
} from '../wire/anthropic-request-types.js';

const DATA_URL = /^data:([^;,]+)((?:;[^;,]+)*?);base64,(.*)$/s;

/**
 * Turns an image part into an Anthropic image block: inline `data` and `data:` URLs become a base64 source,
 * other URLs a `url` source (the provider fetches them). The `detail` hint has no Anthropic equivalent.
 *
 * @example
 * toAnthropicImage({ type: 'image', url: 'https://example.com/a.png' });
 * // { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }
 */
export function toAnthropicImage(part: ImagePart, path = 'image'): AnthropicImageBlock {
  if (part.data !== undefined) {
    return {
      type: 'image',
      source: { type: 'base64', media_type: part.mimeType ?? 'application/octet-stream', data: part.data },
    };
  }
  const url = part.url ?? '';
  if (url.startsWith('data:')) {
    const match = DATA_URL.exec(url);
    if (!match) {
      throw new ValidationError('Anthropic accepts only base64 data: URLs for images', [
        { path, message: 'data: URL must be base64-encoded' },
      ]);
    }
    return {
      type: 'image',
      source: { type: 'base64', media_type: match[1] as string, data: match[3] as string },
    };
  }
  return { type: 'image', source: { type: 'url', url } };
}

/**
 * Turns user content (a string or text/image parts) into Anthropic content. Plain strings stay strings.
 *
 * @example
 * toAnthropicUserContent([{ type: 'text', text: 'What is this?' }, { type: 'image', data: 'iVBO', mimeType: 'image/png' }]);
 */
export function toAnthropicUserContent(
  content: string | readonly ContentPart[],
  path = 'content',
): string | AnthropicContentBlock[] {
  if (typeof content === 'string') return content;
  return content.map((part, index): AnthropicTextBlock | AnthropicImageBlock =>
    part.type === 'text' ? { type: 'text', text: part.text } : toAnthropicImage(part, `${path}.${index}`),
  );
}
