/**
 * What replaces key material.
 *
 * @example
 * ```ts
 * scrubSecret('key sk-live-123456 rejected', 'sk-live-123456') === `key ${REDACTED} rejected`; // true
 * ```
 */
export const REDACTED = '[redacted]';

/**
 * Fragments of a key this long or longer are treated as the key wherever they appear.
 *
 * @example
 * ```ts
 * const scrubber = new SecretScrubber(['sk-live-0123456789']);
 * scrubber.scrub('echo: x-0123456789-y'); // 'echo: [redacted]': it holds a MIN_FRAGMENT-long piece of the key
 * ```
 */
export const MIN_FRAGMENT = 8;

/** Query parameters that carry credentials; their values are always removed. */
const CREDENTIAL_QUERY = /([?&](?:key|api[_-]?key|access[_-]?token|token|auth)=)[^&\s"'#<>]+/gi;
/** Masked echoes: `sk-ab****wxyz`, `sk-...abcd`, `sk-…abcd`. */
const MASKED = /[\w-]*(?:\*{3,}|\.{3}|…)[\w-]*/g;
/** Characters that end a token when widening a matched fragment. */
const DELIMITER = /[\s"'`,;:()[\]{}<>=&?/\\|.!]/;

function variantsOf(secret: string): string[] {
  const variants = new Set([secret]);
  const encoded = encodeURIComponent(secret);
  variants.add(encoded);
  variants.add(secret.replace(/[^A-Za-z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
  return [...variants];
}

/**
 * Removes key material from text: the exact key, its URL-encoded forms, `?key=` query values, masked echoes
 * (`sk-ab****wxyz`, `sk-...abcd`), and any fragment of 8+ characters of a key inside a larger token, case
 * insensitively. One scrubber serves every adapter (with the call's key) and the router (with every key it
 * holds); its cost per text does not grow with the number of keys.
 *
 * @example
 * const scrubber = new SecretScrubber(['sk-live-0123456789']);
 * scrubber.scrub('bad key: xxsk-live-01234567yy'); // 'bad key: [redacted]'
 */
export class SecretScrubber {
  /** Lower-cased 8-character windows of every secret and its encodings, with a reference count. */
  readonly #windows = new Map<string, number>();
  /**
   * First two characters of every window: ASCII pairs counted in a small flat table (one typed-array read
   * rejects most positions of a text, without lower-casing or slicing it), other pairs in a map. Pairs share
   * slots and counts saturate, so a slot may say "maybe" for nothing: the exact window check follows.
   */
  readonly #asciiHeads = new Uint8Array(ASCII_SLOTS);
  readonly #heads = new Map<number, number>();
  /** Lower-cased secrets shorter than a window, matched whole. */
  readonly #short = new Map<string, number>();
  readonly #secrets = new Map<string, number>();
  /**
   * `scrub` bound to this scrubber, to pass as a function (e.g. to `scrubData`).
   *
   * @example
   * const clean = scrubData(body, scrubber.bound);
   */
  readonly bound = (text: string): string => this.scrub(text);

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** True when no secret is known (masked echoes and credential query values are still removed). */
  get empty(): boolean {
    return this.#secrets.size === 0;
  }

  /** Starts removing this secret. Strings shorter than 4 characters are ignored (they would match everything). */
  add(secret: string): void {
    if (typeof secret !== 'string' || secret.length < 4) return;
    this.#secrets.set(secret, (this.#secrets.get(secret) ?? 0) + 1);
    for (const variant of variantsOf(secret)) this.#count(variant, 1);
  }

  /** Stops removing this secret (once every `add` of it has been matched by a `delete`). */
  delete(secret: string): void {
    const count = this.#secrets.get(secret);
    if (count === undefined) return;
    if (count > 1) this.#secrets.set(secret, count - 1);
    else this.#secrets.delete(secret);
    for (const variant of variantsOf(secret)) this.#count(variant, -1);
  }

  #count(variant: string, delta: number): void {
    const lower = variant.toLowerCase();
    const bump = (map: Map<string, number>, key: string) => {
      const next = (map.get(key) ?? 0) + delta;
      if (next > 0) map.set(key, next);
      else map.delete(key);
    };
    if (lower.length < MIN_FRAGMENT) {
      bump(this.#short, lower);
      return;
    }
    for (let i = 0; i + MIN_FRAGMENT <= lower.length; i++) {
      bump(this.#windows, lower.slice(i, i + MIN_FRAGMENT));
      const first = lower.charCodeAt(i);
      const second = lower.charCodeAt(i + 1);
      if (first < 128 && second < 128) {
        const at = asciiSlot(first, second);
        const count = this.#asciiHeads[at] as number;
        // A saturated slot stays set (a harmless "maybe"): its true count is no longer known.
        if (count < 255) this.#asciiHeads[at] = Math.max(0, count + delta);
      } else bumpHead(this.#heads, first * 65_536 + second, delta);
    }
  }

  /** The text with every trace of a known secret replaced by `[redacted]`. */
  scrub(text: string): string {
    if (typeof text !== 'string' || text === '') return text;
    // Both patterns need a literal marker ('=' or a mask), so most text skips the regular expressions.
    let out = text.includes('=') ? text.replace(CREDENTIAL_QUERY, `$1${REDACTED}`) : text;
    if (mayHoldMask(out))
      out = out.replace(MASKED, (token) => (this.#isMaskedEcho(token) ? REDACTED : token));
    if (this.#secrets.size === 0) return out;
    out = this.#scrubFragments(out);
    if (this.#short.size > 0) for (const short of this.#short.keys()) out = replaceAllInsensitive(out, short);
    return out;
  }

  #isMaskedEcho(token: string): boolean {
    if (token.includes('***')) return true;
    const [head = '', tail = ''] = token.split(/\.{3}|…/);
    if (head.length < 2 && tail.length < 2) return false;
    const headLower = head.toLowerCase();
    const tailLower = tail.toLowerCase();
    for (const secret of this.#secrets.keys()) {
      const lower = secret.toLowerCase();
      if (
        (head.length >= 2 && lower.startsWith(headLower)) ||
        (tail.length >= 3 && lower.endsWith(tailLower))
      ) {
        return true;
      }
    }
    return false;
  }

  #scrubFragments(text: string): string {
    if (text.length < MIN_FRAGMENT || this.#windows.size === 0) return text;
    const asciiHeads = this.#asciiHeads;
    let lower: string | undefined;
    let out = '';
    let copied = 0;
    let i = 0;
    while (i + MIN_FRAGMENT <= text.length) {
      const first = text.charCodeAt(i);
      const second = text.charCodeAt(i + 1);
      // ASCII pairs are folded to lower case by hand, so text with no candidate position is never copied.
      if (first < 128 && second < 128) {
        if (asciiHeads[asciiSlot(foldAscii(first), foldAscii(second))] === 0) {
          i++;
          continue;
        }
      }
      lower ??= text.toLowerCase();
      let known = true;
      if (first >= 128 || second >= 128) {
        // Lower-casing can turn a non-ASCII character into an ASCII one (the Kelvin sign into k).
        const a = lower.charCodeAt(i);
        const b = lower.charCodeAt(i + 1);
        known =
          a < 128 && b < 128 ? (asciiHeads[a * 128 + b] as number) > 0 : this.#heads.has(a * 65_536 + b);
      }
      if (!known || !this.#windows.has(lower.slice(i, i + MIN_FRAGMENT))) {
        i++;
        continue;
      }
      let end = i + MIN_FRAGMENT;
      while (end + 1 <= lower.length && this.#windows.has(lower.slice(end + 1 - MIN_FRAGMENT, end + 1)))
        end++;
      let start = i;
      while (start > copied && !DELIMITER.test(text.charAt(start - 1))) start--;
      while (end < text.length && !DELIMITER.test(text.charAt(end))) end++;
      out += text.slice(copied, start) + REDACTED;
      copied = end;
      i = end;
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
}

/** Slots of the ASCII pair table (4 KiB per scrubber; the guard keeps one scrubber per key in use). */
const ASCII_SLOTS = 4096;

/** Slot of an ASCII pair: the low 5 bits of the first character, all 7 of the second. */
function asciiSlot(first: number, second: number): number {
  return ((first & 31) << 7) | second;
}

/** Lower case of an ASCII code (A–Z → a–z), as `toLowerCase` gives it. */
function foldAscii(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** Whether `MASKED` can match at all: it needs `***`, `...` or `…`. */
function mayHoldMask(text: string): boolean {
  return text.includes('***') || text.includes('...') || text.includes('…');
}

function bumpHead(heads: Map<number, number>, head: number, delta: number): void {
  const next = (heads.get(head) ?? 0) + delta;
  if (next > 0) heads.set(head, next);
  else heads.delete(head);
}

function replaceAllInsensitive(text: string, lowerNeedle: string): string {
  const lower = text.toLowerCase();
  let index = lower.indexOf(lowerNeedle);
  if (index < 0) return text;
  let out = '';
  let copied = 0;
  while (index >= 0) {
    out += text.slice(copied, index) + REDACTED;
    copied = index + lowerNeedle.length;
    index = lower.indexOf(lowerNeedle, copied);
  }
  return out + text.slice(copied);
}

/**
 * Scrubs one text of one secret (what an adapter does with the call's key).
 *
 * @example
 * scrubSecret('Incorrect API key provided: sk-live-123456.', 'sk-live-123456'); // 'Incorrect API key provided: [redacted].'
 */
export function scrubSecret(text: string, secret: string | undefined): string {
  return new SecretScrubber(secret ? [secret] : []).scrub(text);
}
