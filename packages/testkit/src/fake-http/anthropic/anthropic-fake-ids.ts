/**
 * Deterministic ids in Anthropic's shapes (`req_…`, `msg_…`, `toolu_…`), so tests can assert them.
 *
 * @example
 * const ids = new AnthropicFakeIds();
 * ids.next('req'); // 'req_fake000001'
 */
export class AnthropicFakeIds {
  #counter = 0;

  /** The next id with this prefix. @example ids.next('msg'); // 'msg_fake000002' */
  next(prefix: 'req' | 'msg' | 'toolu'): string {
    this.#counter++;
    return `${prefix}_fake${String(this.#counter).padStart(6, '0')}`;
  }
}
