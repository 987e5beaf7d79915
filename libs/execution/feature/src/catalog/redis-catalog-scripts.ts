import { createHash } from 'node:crypto';

// The Redis side of the shared catalog cache (README, "Redis layer"). Each step that
// reads and writes more than one key is one Lua script, so it is atomic: no reader sees
// a generation moved without its pending entry, or writes an entry after the generation
// it read has moved on.
//
// Keys (all under one hash tag `{<prefix>:catalog}`, so the multi-key scripts stay valid
// on a Redis Cluster, where a script may only touch one slot):
//   gen            counter; route entries live under the generation they were read at
//   pending        hash workflowId -> "<position>:<redis ms>": invalidations the catalog has not confirmed
//   r:<gen>:<M p>  a route lookup's answer (JSON, "null" for a miss), PX the route / miss TTL
//   v:<wf>:<n>     a version's content (JSON), PX the version TTL
//   vs:<wf>        the set of that workflow's version keys, dropped with them on invalidation

/** The prefix of every key of a deployment: `{<prefix>:catalog}:`. */
export const catalogKeyPrefix = (prefix: string): string => `{${prefix}:catalog}:`;

// Positions are decimal strings of any length: compare them as such (Lua numbers are doubles).
const LUA_HELPERS = `
local function ge(a, b) if #a ~= #b then return #a > #b end return a >= b end
local function nowMs() local t = redis.call('TIME') return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end
`;

/**
 * KEYS gen, pending; ARGV workflowId, position, key prefix. Registers the invalidation
 * as pending, drops the workflow's version keys and moves the generation, unless an
 * invalidation at this position or later is pending already (another replica saw the
 * same event first: it did all of this). Returns the generation.
 */
export const INVALIDATE = `${LUA_HELPERS}
local current = redis.call('HGET', KEYS[2], ARGV[1])
if current then
  local p = string.match(current, '^(%d+)')
  if p and ge(p, ARGV[2]) then return redis.call('GET', KEYS[1]) or '0' end
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. ':' .. nowMs())
local index = ARGV[3] .. 'vs:' .. ARGV[1]
local members = redis.call('SMEMBERS', index)
for i = 1, #members do redis.call('DEL', members[i]) end
redis.call('DEL', index)
return tostring(redis.call('INCR', KEYS[1]))
`;

/**
 * KEYS gen, pending; ARGV kind ("r": a route field, read under the generation; "v": a
 * version key), field or key, pending TTL ms. Drops pending entries older than the TTL
 * and returns {generation, value or false, workflowId, position, ...} of the rest, read
 * in one snapshot.
 */
export const READ = `${LUA_HELPERS}
local gen = redis.call('GET', KEYS[1]) or '0'
local key = ARGV[2]
if ARGV[1] == 'r' then key = string.sub(KEYS[1], 1, #KEYS[1] - 3) .. 'r:' .. gen .. ':' .. ARGV[2] end
local result = { gen, redis.call('GET', key) }
local now = nowMs()
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  local p, at = string.match(entries[i + 1], '^(%d+):(%d+)$')
  if (not p) or now - tonumber(at) >= tonumber(ARGV[3]) then
    redis.call('HDEL', KEYS[2], entries[i])
  else
    table.insert(result, entries[i])
    table.insert(result, p)
  end
end
return result
`;

/**
 * KEYS gen; ARGV expected generation, kind, field or key, value, TTL ms, index key ("" for
 * none). Writes only if the generation is still the one the reader started from: an
 * invalidation since then may have made what it read from the database stale.
 */
export const WRITE = `
local gen = redis.call('GET', KEYS[1]) or '0'
if gen ~= ARGV[1] then return 0 end
local key = ARGV[3]
if ARGV[2] == 'r' then key = string.sub(KEYS[1], 1, #KEYS[1] - 3) .. 'r:' .. gen .. ':' .. ARGV[3] end
redis.call('SET', key, ARGV[4], 'PX', ARGV[5])
if ARGV[6] ~= '' then
  redis.call('SADD', ARGV[6], key)
  redis.call('PEXPIRE', ARGV[6], ARGV[5])
end
return 1
`;

/** KEYS pending; ARGV workflowId, position, ...: forgets each pending entry still at exactly that position (the catalog reached it). */
export const CONFIRM = `
for i = 1, #ARGV, 2 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  if current and string.match(current, '^(%d+)') == ARGV[i + 1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 1
`;

/** The part of an ioredis client the scripts need. */
export interface ScriptClient {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** A Lua script run by its SHA, loaded on the first NOSCRIPT (once per Redis restart). */
export class LuaScript {
  private readonly sha: string;
  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(client: ScriptClient, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String(error).includes('NOSCRIPT')) throw error;
      return client.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}
