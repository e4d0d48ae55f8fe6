import { type ImagePart, ValidationError } from '@apikeyrouter/provider';

const DATA_URL = /^data:[^;,]+;base64,/i;

/**
 * The base64 payload Ollama expects in `messages[].images` for one image part. Ollama only takes inline
 * images: base64 `data`, or a `data:…;base64,` URL (its payload is the same bytes). Remote URLs would need a
 * fetch the adapter must not make on the caller's behalf, so they are a validation error.
 *
 * @example
 * toOllamaImage({ type: 'image', data: 'iVBORw0KGgo=', mimeType: 'image/png' }, 'messages.0.content.1'); // 'iVBORw0KGgo='
 */
export function toOllamaImage(part: ImagePart, path: string): string {
  if (part.data !== undefined) return part.data;
  const url = part.url ?? '';
  const match = DATA_URL.exec(url);
  if (match) return url.slice(match[0].length);
  throw new ValidationError('Ollama accepts only inline (base64) images, not image URLs', [
    { path, message: 'image URLs are not supported by Ollama; send base64 data with a mimeType' },
  ]);
}
