import { createHash } from 'node:crypto';

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
  /** The Lua source. */
  readonly source: string;
  /** SHA-1 of the source, as EVALSHA wants it. */
  readonly sha: string;

  constructor(name: string, source: string) {
    this.name = name;
    this.source = source;
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}
