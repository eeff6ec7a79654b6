/**
 * The Lua scripts behind RedisRoomStore (redis-store.ts), each with the number of keys it
 * takes. Each script is one atomic step: no other instance can act between its reads and
 * writes.
 */
export const SCRIPTS = {
  /**
   * KEYS: members, rooms, state. ARGV: roomId, memberId, member JSON, capacity, '1' if the
   * host admitted them. Returns the stored JSON, 0 when full, -1 when locked. Taking one's
   * own seat again keeps its place in the order and passes both checks. The first member of
   * an empty room (or of one whose state was lost) becomes host.
   */
  join: {
    keys: 3,
    lua: `
    local current = redis.call('HGET', KEYS[1], ARGV[2])
    if not current then
      if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
      if redis.call('HGET', KEYS[3], 'locked') == '1' and ARGV[5] ~= '1' then return -1 end
    end
    local stored = ARGV[3]
    if current then
      local value = cjson.decode(ARGV[3])
      value.joinedAt = cjson.decode(current).joinedAt
      stored = cjson.encode(value)
    end
    redis.call('HSET', KEYS[1], ARGV[2], stored)
    redis.call('SADD', KEYS[2], ARGV[1])
    redis.call('HSETNX', KEYS[3], 'host', ARGV[2])
    return stored`,
  },
  /**
   * KEYS: members, history, seen, seen order, rooms, state, hands, knocks, admitted, removed.
   * ARGV: roomId, memberId, '1' to remember the seat as removed. Returns {removed member
   * JSON, host id after ('' if none), 1 if the host changed, 1 if their hand was lowered,
   * hands, knocks left waiting if the room emptied}. The last one out takes the room's chat
   * and state with them. A leaving host's role goes to the longest present, connected first.
   */
  leave: {
    keys: 10,
    lua: `
    local member = redis.call('HGET', KEYS[1], ARGV[2])
    if not member then return false end
    redis.call('HDEL', KEYS[1], ARGV[2])
    local lowered = redis.call('LREM', KEYS[7], 0, ARGV[2])
    if lowered > 0 then lowered = 1 end
    if ARGV[3] == '1' then redis.call('SADD', KEYS[10], ARGV[2]) end
    if redis.call('HLEN', KEYS[1]) == 0 then
      local waiting = redis.call('HVALS', KEYS[8])
      redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[6], KEYS[7], KEYS[8], KEYS[9], KEYS[10])
      redis.call('SREM', KEYS[5], ARGV[1])
      return {member, '', 0, lowered, {}, waiting}
    end
    local host = redis.call('HGET', KEYS[6], 'host')
    local changed = 0
    if not host or host == ARGV[2] then
      local best, bestAway
      local earlier = function(a, b)
        return not b or a.joinedAt < b.joinedAt or (a.joinedAt == b.joinedAt and a.id < b.id)
      end
      for _, json in ipairs(redis.call('HVALS', KEYS[1])) do
        local value = cjson.decode(json)
        if value.socketId ~= cjson.null and value.socketId ~= nil then
          if earlier(value, best) then best = value end
        elseif earlier(value, bestAway) then bestAway = value end
      end
      host = (best or bestAway).id
      redis.call('HSET', KEYS[6], 'host', host)
      changed = 1
    end
    return {member, host, changed, lowered, redis.call('LRANGE', KEYS[7], 0, -1), {}}`,
  },
  /** KEYS: members, state. ARGV: '1' or '0'. Returns 1 if it changed, 0 if not, -1 for no room. */
  setLocked: {
    keys: 2,
    lua: `
    if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
    local before = redis.call('HGET', KEYS[2], 'locked') or '0'
    redis.call('HSET', KEYS[2], 'locked', ARGV[1])
    if before == ARGV[1] then return 0 end
    return 1`,
  },
  /** KEYS: members, state. ARGV: memberId. Returns 1, or 0 if they are not in the room. */
  setHost: {
    keys: 2,
    lua: `
    if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return 0 end
    redis.call('HSET', KEYS[2], 'host', ARGV[1])
    return 1`,
  },
  /**
   * KEYS: members, hands. ARGV: memberId, '1' to raise. Returns {1 if changed, hands}, or
   * false if they are not in the room.
   */
  setHand: {
    keys: 2,
    lua: `
    if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return false end
    local changed = 0
    if ARGV[2] == '1' then
      if not redis.call('LPOS', KEYS[2], ARGV[1]) then
        redis.call('RPUSH', KEYS[2], ARGV[1])
        changed = 1
      end
    else
      changed = redis.call('LREM', KEYS[2], 0, ARGV[1])
    end
    if changed > 0 then changed = 1 end
    return {changed, redis.call('LRANGE', KEYS[2], 0, -1)}`,
  },
  /**
   * KEYS: members, knocks, state. ARGV: knock id, knock JSON, max. Returns 'ok', 'gone' (nobody
   * in the room) or 'full'. Each knock gets the next number of the room, for their order.
   */
  addKnock: {
    keys: 3,
    lua: `
    if redis.call('EXISTS', KEYS[1]) == 0 then return 'gone' end
    if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return 'full' end
    local value = cjson.decode(ARGV[2])
    value.seq = redis.call('HINCRBY', KEYS[3], 'knocks', 1)
    redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(value))
    return 'ok'`,
  },
  /**
   * KEYS: knocks, admitted, members. ARGV: knock id, '1' to admit. Returns the knock JSON it
   * took off the queue, or false. An admission is recorded only while the room exists.
   */
  takeKnock: {
    keys: 3,
    lua: `
    local knock = redis.call('HGET', KEYS[1], ARGV[1])
    if not knock then return false end
    redis.call('HDEL', KEYS[1], ARGV[1])
    if ARGV[2] == '1' and redis.call('EXISTS', KEYS[3]) == 1 then
      redis.call('HSET', KEYS[2], ARGV[1], cjson.decode(knock).socketId)
    end
    return knock`,
  },
  /** KEYS: admitted. ARGV: knock id, socket id. Returns 1 once if that socket was admitted. */
  takeAdmission: {
    keys: 1,
    lua: `
    if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
    redis.call('HDEL', KEYS[1], ARGV[1])
    return 1`,
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
   * KEYS: members, rooms, state. ARGV: roomId, memberId, member JSON. Puts back a seat whose
   * socket this instance still holds, unless another socket speaks for it now. 1 put back, 0
   * not. A room whose state was lost with it gets a host again: the first seat put back.
   */
  restore: {
    keys: 3,
    lua: `
    local current = redis.call('HGET', KEYS[1], ARGV[2])
    if current and cjson.decode(current).socketId ~= cjson.null then return 0 end
    redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
    redis.call('SADD', KEYS[2], ARGV[1])
    redis.call('HSETNX', KEYS[3], 'host', ARGV[2])
    return 1`,
  },
} as const;

export type ScriptName = keyof typeof SCRIPTS;
