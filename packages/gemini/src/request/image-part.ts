import { type ImagePart, RouterError } from '@apikeyrouter/provider';
import type { GeminiPart } from '../wire/gemini-wire-types.js';

const EXTENSION_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
};
const DATA_URL = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s;

function isGeminiFileUri(url: string): boolean {
  return url.startsWith('gs://') || /^https:\/\/generativelanguage\.googleapis\.com\/[^?#]*files\//.test(url);
}

function guessMimeType(url: string): string | undefined {
  const extension = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : EXTENSION_TYPES[extension];
}

function unsupported(message: string, providerId: string): RouterError {
  // Another provider may take the same image (e.g. OpenAI fetches URLs), so let the router move on.
  return new RouterError('validation', message, {
    providerId,
    code: 'unsupported_image',
    retryable: true,
    keyEffect: 'skip',
  });
}

/**
 * Turns an image part into a Gemini part. Base64 data and `data:` URLs become `inlineData`; Files API URIs
 * and `gs://` URIs become `fileData`. Gemini does not fetch arbitrary web URLs, and fetching them here would
 * make the adapter an open proxy, so any other URL is refused before the call with a retryable `validation`
 * error whose key effect is `skip` (another provider may accept it).
 *
 * @example
 * toGeminiImagePart({ type: 'image', data: 'iVBORw0K', mimeType: 'image/png' }, 'gemini');
 * // { inlineData: { mimeType: 'image/png', data: 'iVBORw0K' } }
 */
export function toGeminiImagePart(part: ImagePart, providerId: string): GeminiPart {
  if (part.data !== undefined) {
    return { inlineData: { mimeType: part.mimeType ?? 'application/octet-stream', data: part.data } };
  }
  const url = part.url ?? '';
  if (url.startsWith('data:')) {
    const match = DATA_URL.exec(url);
    if (!match) throw unsupported('Gemini needs data: image URLs in base64 form', providerId);
    return { inlineData: { mimeType: match[1] as string, data: match[3] as string } };
  }
  if (isGeminiFileUri(url)) {
    const mimeType = part.mimeType ?? guessMimeType(url);
    if (mimeType === undefined) {
      throw unsupported('Gemini file images need a mimeType (none given, none guessable)', providerId);
    }
    return { fileData: { mimeType, fileUri: url } };
  }
  throw unsupported(
    'Gemini does not fetch image URLs: send the image as base64 data, a data: URL or a Files API URI',
    providerId,
  );
}
