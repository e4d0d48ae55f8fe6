import { readFileSync } from 'node:fs';

/** The files of the page, shipped in the package's `assets/` folder (same place from `src/` and `dist/`). */
const FILES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
} as const;

/**
 * Name of a shipped asset.
 *
 * @example
 * const name: AssetName = 'app.js';
 */
export type AssetName = keyof typeof FILES;

/**
 * One asset in memory with its content type.
 *
 * @example
 * const { body, contentType } = staticAsset('index.html') as Asset;
 */
export interface Asset {
  /** File bytes. */
  body: Uint8Array;
  /** Content-Type header value. */
  contentType: string;
}

let cache: Map<string, Asset> | undefined;

/**
 * The dashboard's static files, read once from the package and kept in memory (three small files).
 *
 * @example
 * const asset = staticAsset('app.js');
 */
export function staticAsset(name: string): Asset | undefined {
  if (!cache) {
    cache = new Map();
    for (const [file, contentType] of Object.entries(FILES)) {
      const body = readFileSync(new URL(`../../assets/${file}`, import.meta.url));
      cache.set(file, { body: new Uint8Array(body), contentType });
    }
  }
  return cache.get(name);
}
