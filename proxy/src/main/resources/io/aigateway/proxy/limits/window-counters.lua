-- The shared store of RedisWindowCounters, one script for every call so that each is one round trip (EVALSHA).
--
-- A counter window is a hash: field "c" holds what was settled (committed), field "r:<replica>" what that replica
-- has reserved and not settled yet. A replica's reservations count only while its lease key exists; a script that
-- finds a replica's lease gone drops that replica's field, so a crash between reserve and settle costs at most its
-- reservations, and only until the lease expires.
--
-- KEYS: per claim, the key of its current window, then of the previous window (the same key for a fixed window).
-- ARGV[1] op: "reserve", "count" or "settle"; ARGV[2] this replica's id; ARGV[3] the lease keys' prefix;
-- ARGV[4] the lease in milliseconds.
-- reserve/count, then per claim 5 values: sliding (1/0), amount, max, ms elapsed in the current window, ms to keep
--   the current window's key. Answers {0 reserved / 1 refused, then per claim: previous total, current total}, the
--   totals as found before this reserve; "count" never writes but to drop dead replicas' fields.
-- settle, then per claim 2 values: the amount reserved, the actual amount; KEYS hold the window it was counted in
--   (twice). A window gone since is left alone.
-- Time is the caller's (window numbers and elapsed milliseconds in ARGV): calendar windows are computed by the
-- caller, every replica's clock is NTP-synced, and tests can drive it. Expiries are relative (PEXPIRE), so Redis's
-- own clock only has to run at the same rate.

local op, me, leases, lease = ARGV[1], 'r:' .. ARGV[2], ARGV[3], tonumber(ARGV[4])
local alive = {}

local function live(field)
  local replica = string.sub(field, 3)
  if alive[replica] == nil then
    alive[replica] = redis.call('EXISTS', leases .. replica) == 1
  end
  return alive[replica]
end

local function total(key)
  local fields = redis.call('HGETALL', key)
  local sum = 0
  for i = 1, #fields, 2 do
    local field, value = fields[i], tonumber(fields[i + 1])
    if field == 'c' or live(field) then
      sum = sum + value
    else
      redis.call('HDEL', key, field)
    end
  end
  return sum
end

local n = #KEYS / 2

if op == 'settle' then
  for i = 1, n do
    local key = KEYS[2 * i - 1]
    local reserved, actual = tonumber(ARGV[3 + 2 * i]), tonumber(ARGV[4 + 2 * i])
    if redis.call('EXISTS', key) == 1 then
      -- A reservation dropped while this replica's lease had lapsed is not taken back twice.
      local held = tonumber(redis.call('HGET', key, me) or '0')
      local back = math.min(held, reserved)
      if back >= held then
        redis.call('HDEL', key, me)
      else
        redis.call('HINCRBY', key, me, -back)
      end
      if actual > 0 then
        redis.call('HINCRBY', key, 'c', actual)
      end
    end
  end
  return 0
end

-- Our own lease is renewed with every reserve: our fresh reservations are never dropped as a dead replica's.
redis.call('SET', leases .. ARGV[2], '1', 'PX', lease)
alive[ARGV[2]] = true

local out, refused = {0}, false
for i = 1, n do
  local a = 4 + 5 * (i - 1)
  local sliding, amount, max, elapsed = ARGV[a + 1] == '1', tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]),
      tonumber(ARGV[a + 4])
  local current, previous = total(KEYS[2 * i - 1]), 0
  local count = current
  if sliding then
    previous = total(KEYS[2 * i])
    count = math.floor(previous * (60000 - elapsed) / 60000) + current
  end
  if count > 0 and count + amount > max then
    refused = true
  end
  out[2 * i] = previous
  out[2 * i + 1] = current
end

if refused then
  out[1] = 1
elseif op == 'reserve' then
  for i = 1, n do
    local a = 4 + 5 * (i - 1)
    local key = KEYS[2 * i - 1]
    redis.call('HINCRBY', key, me, tonumber(ARGV[a + 2]))
    redis.call('PEXPIRE', key, tonumber(ARGV[a + 5]))
  end
end
return out
