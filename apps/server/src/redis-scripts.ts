/**
 * The Lua scripts behind RedisRoomStore (redis-store.ts), each with the number of keys it
 * takes. Each script is one atomic step: no other instance can act between its reads and
 * writes.
 */
export const SCRIPTS = {
  /**
   * KEYS: members, rooms. ARGV: roomId, memberId, member JSON, capacity. Returns the stored
   * JSON, or 0 when full. Taking one's own seat again keeps its place in the order.
   */
  join: {
    keys: 2,
    lua: `
    local current = redis.call('HGET', KEYS[1], ARGV[2])
    if not current and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
    local stored = ARGV[3]
    if current then
      local value = cjson.decode(ARGV[3])
      value.joinedAt = cjson.decode(current).joinedAt
      stored = cjson.encode(value)
    end
    redis.call('HSET', KEYS[1], ARGV[2], stored)
    redis.call('SADD', KEYS[2], ARGV[1])
    return stored`,
  },
  /**
   * KEYS: members, history, seen, seen order, rooms. ARGV: roomId, memberId. Returns the
   * removed member JSON. The last one out takes the room's chat with them.
   */
  leave: {
    keys: 5,
    lua: `
    local member = redis.call('HGET', KEYS[1], ARGV[2])
    if not member then return false end
    redis.call('HDEL', KEYS[1], ARGV[2])
    if redis.call('HLEN', KEYS[1]) == 0 then
      redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
      redis.call('SREM', KEYS[5], ARGV[1])
    end
    return member`,
  },
  /** KEYS: members. ARGV: memberId, patch JSON. Returns the updated member JSON. */
  update: {
    keys: 1,
    lua: `
    local member = redis.call('HGET', KEYS[1], ARGV[1])
    if not member then return false end
    local value = cjson.decode(member)
    for key, field in pairs(cjson.decode(ARGV[2])) do value[key] = field end
    local encoded = cjson.encode(value)
    redis.call('HSET', KEYS[1], ARGV[1], encoded)
    return encoded`,
  },
  /**
   * KEYS: seen, seen order, history, members. ARGV: message id, message JSON, history limit,
   * seen limit. Returns {kept JSON, 1 if it was already there}. A room nobody is in keeps nothing.
   */
  appendChat: {
    keys: 4,
    lua: `
    if redis.call('EXISTS', KEYS[4]) == 0 then return {ARGV[2], 0} end
    local kept = redis.call('HGET', KEYS[1], ARGV[1])
    if kept then return {kept, 1} end
    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
    redis.call('RPUSH', KEYS[2], ARGV[1])
    if redis.call('LLEN', KEYS[2]) > tonumber(ARGV[4]) then
      redis.call('HDEL', KEYS[1], redis.call('LPOP', KEYS[2]))
    end
    redis.call('RPUSH', KEYS[3], ARGV[2])
    redis.call('LTRIM', KEYS[3], -tonumber(ARGV[3]), -1)
    return {ARGV[2], 0}`,
  },
  /**
   * KEYS: history. ARGV: before id ('' for the newest), limit, max bytes. The same page as
   * pageOf() in history-page.ts: returns {messages JSON oldest first, 1 if older ones remain}.
   */
  historyPage: {
    keys: 1,
    lua: `
    local all = redis.call('LRANGE', KEYS[1], 0, -1)
    local last = #all
    if ARGV[1] ~= '' then
      last = -1
      for i = #all, 1, -1 do
        if cjson.decode(all[i]).id == ARGV[1] then last = i - 1 break end
      end
      if last < 0 then return {{}, 0} end
    end
    local limit, budget = tonumber(ARGV[2]), tonumber(ARGV[3])
    local first, bytes = last + 1, 0
    while first > 1 and last - first + 1 < limit do
      local size = #all[first - 1]
      if first <= last and bytes + size > budget then break end
      bytes = bytes + size
      first = first - 1
    end
    local page = {}
    for i = first, last do page[#page + 1] = all[i] end
    return {page, first > 1 and 1 or 0}`,
  },
  /**
   * KEYS: members. ARGV: memberId, dead instance, claiming instance. Takes over a member of
   * an instance that is gone, as away, unless another instance claimed it first. Returns the
   * claimed member JSON, or 0.
   */
  claim: {
    keys: 1,
    lua: `
    local member = redis.call('HGET', KEYS[1], ARGV[1])
    if not member then return 0 end
    local value = cjson.decode(member)
    if value.instance ~= ARGV[2] then return 0 end
    value.socketId = cjson.null
    value.instance = ARGV[3]
    local encoded = cjson.encode(value)
    redis.call('HSET', KEYS[1], ARGV[1], encoded)
    return encoded`,
  },
  /**
   * KEYS: members, rooms. ARGV: roomId, memberId, member JSON. Puts back a seat whose socket
   * this instance still holds, unless another socket speaks for it now. 1 put back, 0 not.
   */
  restore: {
    keys: 2,
    lua: `
    local current = redis.call('HGET', KEYS[1], ARGV[2])
    if current and cjson.decode(current).socketId ~= cjson.null then return 0 end
    redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
    redis.call('SADD', KEYS[2], ARGV[1])
    return 1`,
  },
} as const;

export type ScriptName = keyof typeof SCRIPTS;
