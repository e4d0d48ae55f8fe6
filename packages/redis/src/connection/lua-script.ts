import { createHash } from 'node:crypto';

/**
 * Lua a family of scripts starts with (helpers and data layout), and the statement each call of them runs
 * first (binding the helpers to the call's keys and arguments). A script alone runs `source`, `enter`, its
 * body; a combined script (see `FusedScript`) defines the helpers once and runs `enter` per part.
 *
 * @example
 * const prelude: LuaPrelude = { source: QUOTA_COMMON, enter: 'bind(KEYS[1])' };
 */
export interface LuaPrelude {
  source: string;
  enter: string;
}

/**
 * One server-side script: its Lua source and SHA-1, run with EVALSHA and loaded again on NOSCRIPT (after a
 * Redis restart or `SCRIPT FLUSH`).
 *
 * @example
 * const ping = new LuaScript('ping', "return 'pong'");
 * await connection.run(ping, [], []);
 */
export class LuaScript {
  /** Name, for errors. @example 'quota-reserve' */
  readonly name: string;
  /** The Lua source: the prelude's, its `enter` statement, then the body. */
  readonly source: string;
  /** SHA-1 of the source, as EVALSHA wants it. */
  readonly sha: string;
  /** The script's own Lua, after the prelude. */
  readonly body: string;
  readonly prelude: LuaPrelude | undefined;

  constructor(name: string, body: string, prelude?: LuaPrelude) {
    this.name = name;
    this.body = body;
    this.prelude = prelude;
    this.source = prelude === undefined ? body : `${prelude.source}\n${prelude.enter}\n${body}`;
    this.sha = createHash('sha1').update(this.source).digest('hex');
  }
}
