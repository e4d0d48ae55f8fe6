import { LuaScript } from './lua-script.js';

/**
 * Runs the calls named in ARGV[1] ("part keys args …", one triple per call) in order, each in its own protected
 * call, and returns one reply per call: the part's reply, or an error reply in its place (a Lua runtime error
 * prefixed `ERR`, a failed redis.call named with its script) so one failing call does not take the others'
 * replies with it.
 */
const PART = `
local function part(s)
  local w = WHERE[s]
  local family = LOADED[w[1]]
  if family == nil then
    family = FAMILIES[w[1]]()
    LOADED[w[1]] = family
  end
  return family[w[2]]
end
`;

const DISPATCH = `
local out, n, k, a = {}, 0, 0, 1
for s, nk, na in string.gmatch(ARGV[1], '(%d+) (%d+) (%d+)') do
  s, nk, na = tonumber(s), tonumber(nk), tonumber(na)
  local keys, args = {}, {}
  for j = 1, nk do keys[j] = KEYS[k + j] end
  for j = 1, na do args[j] = ARGV[a + j] end
  k, a = k + nk, a + na
  local ok, reply = pcall(part(s), keys, args)
  n = n + 1
  if ok then
    if reply == nil then reply = false end
    out[n] = reply
  else
    local message = type(reply) == 'table' and tostring(reply.err) or tostring(reply)
    -- A Lua runtime error reads as Redis words it for a script run alone (ERR user_script:…); a failed
    -- redis.call keeps its own code (OOM, WRONGTYPE, …).
    if string.sub(message, 1, 12) == 'user_script:' then message = 'ERR ' .. message end
    out[n] = {err = message .. ' script: ' .. NAMES[s]}
  end
end
return out
`;

/**
 * Several scripts in one: each part's own body becomes a Lua function of `(KEYS, ARGV)`, and one EVALSHA runs
 * any sequence of part calls, in order, on their own keys and arguments. On a single Redis server (not a
 * Cluster, where the parts' keys sit in different slots) this turns the scripts a request issues together —
 * quota and spend reserve, quota and spend commit — into one command: one command for redis-server to parse,
 * look up and answer, and one for the client to encode and decode. The parts run exactly as they would
 * alone (same body, same keys and arguments), one after the other; the whole runs atomically, which is
 * only stronger than the separate calls. The helpers parts share (their prelude) are defined once per call,
 * not once per part, and bound to each part's keys by the prelude's `enter` statement.
 *
 * @example
 * const both = new FusedScript('hot-path', [QUOTA_RESERVE, SPEND_RESERVE]);
 * const call = both.call([{ script: QUOTA_RESERVE, keys: [root], args }, { script: SPEND_RESERVE, keys: [base], args: more }]);
 * const [quota, spend] = await connection.client.evalsha(both.script.sha, call.keys.length, ...call.keys, ...call.args);
 */
export class FusedScript {
  /** The combined script, run with EVALSHA like any other. */
  readonly script: LuaScript;
  readonly #index = new Map<LuaScript, number>();

  constructor(name: string, parts: readonly LuaScript[]) {
    // Parts sharing a prelude form a family: one Lua function that defines the prelude's helpers once per
    // combined call (when a part of it first runs) and returns the parts as functions of (KEYS, ARGV), each
    // running the prelude's `enter` first. A part without a prelude is a family of its own.
    const families = new Map<string, { source: string; bodies: string[] }>();
    const where: string[] = [];
    parts.forEach((part, i) => {
      this.#index.set(part, i + 1);
      const prelude = part.prelude?.source ?? `\0${i}`;
      let family = families.get(prelude);
      if (family === undefined) {
        family = { source: part.prelude?.source ?? '', bodies: [] };
        families.set(prelude, family);
      }
      const enter = part.prelude?.enter ?? '';
      family.bodies.push(`function(KEYS, ARGV)\n${enter}\n${part.body}\nend`);
      where.push(`{${[...families.keys()].indexOf(prelude) + 1}, ${family.bodies.length}}`);
    });
    const factories = [...families.values()].map(
      (family) => `function()\n${family.source}\nreturn {\n${family.bodies.join(',\n')}\n}\nend`,
    );
    const names = parts.map((part) => `'${part.name.replace(/[^\w.-]/g, '')}'`).join(', ');
    this.script = new LuaScript(
      name,
      [
        `local FAMILIES = {\n${factories.join(',\n')}\n}`,
        `local WHERE = {${where.join(', ')}}`,
        `local NAMES = {${names}}`,
        'local LOADED = {}',
        PART,
        DISPATCH,
      ].join('\n'),
    );
  }

  /** Whether `script` is one of the parts. */
  has(script: LuaScript): boolean {
    return this.#index.has(script);
  }

  /** KEYS and ARGV of one run of the combined script over `calls` (each a part), in order. */
  call(calls: ReadonlyArray<FusedCall>): { keys: string[]; args: Array<string | number> } {
    const keys: string[] = [];
    const args: Array<string | number> = [''];
    let header = '';
    for (const { script, keys: own, args: more } of calls) {
      const part = this.#index.get(script);
      if (part === undefined) throw new Error(`${script.name} is not a part of ${this.script.name}`);
      header += `${header === '' ? '' : ' '}${part} ${own.length} ${more.length}`;
      for (const key of own) keys.push(key);
      for (const arg of more) args.push(arg);
    }
    args[0] = header;
    return { keys, args };
  }
}

/** One part call of a {@link FusedScript}. */
export interface FusedCall {
  script: LuaScript;
  keys: readonly string[];
  args: readonly (string | number)[];
}
