/**
 * The shared sliding minute, as Lua run inside Redis so that check-and-count is one atomic step:
 * two replicas admitting at the same instant cannot both take the last slot.
 *
 * One hash per provider account (`<prefix>rate:<provider>`), fields `r:<second>` (calls) and
 * `t:<second>` (tokens) for the epoch seconds of the last minute: the same 60 one-second buckets
 * as the in-process SlidingWindowCounter, with the same rules (an amount added in second s stops
 * counting when second s + 60 begins; an empty window always admits; a correction goes to the
 * bucket of the call and never takes a bucket below zero). The caller passes its clock (`now`, epoch
 * ms), so replicas need synchronised clocks (NTP); a skew of d ms moves bucket edges by d ms. A
 * bucket from a clock running ahead counts as the current second. Stale fields are deleted on
 * each admission and the hash expires two minutes after its last write.
 */

const READ_WINDOW = `
local now = tonumber(ARGV[1])
local current = math.floor(now / 1000)
local oldest = current - 59
local calls, tokens = {}, {}
local totalCalls, totalTokens = 0, 0
local stale = {}
local flat = redis.call('HGETALL', KEYS[1])
for i = 1, #flat, 2 do
  local field = flat[i]
  local second = tonumber(string.sub(field, 3))
  local amount = tonumber(flat[i + 1])
  if second == nil or amount == nil or second < oldest then
    stale[#stale + 1] = field
  else
    if second > current then second = current end
    if string.sub(field, 1, 1) == 'r' then
      calls[second] = (calls[second] or 0) + amount
      totalCalls = totalCalls + amount
    else
      tokens[second] = (tokens[second] or 0) + amount
      totalTokens = totalTokens + amount
    end
  end
end
`;

/**
 * KEYS[1] the provider's hash; ARGV now (epoch ms), rpm (0: none), tpm (0: none), estimated tokens.
 * Returns { verdict, waitMs, calls, tokens }: verdict 0 admitted (and counted), 1 refused by rpm,
 * 2 refused by tpm; waitMs until the amount fits; the window's totals after the decision.
 */
export const ADMIT_SCRIPT = `${READ_WINDOW}
for start = 1, #stale, 1000 do
  redis.call('HDEL', KEYS[1], unpack(stale, start, math.min(start + 999, #stale)))
end
local rpm = tonumber(ARGV[2])
local tpm = tonumber(ARGV[3])
local estimate = tonumber(ARGV[4])

local function waitMs(buckets, total, limit, amount)
  if total + amount <= limit or total <= 0 then return 0 end
  local remaining = total
  for step = 1, 60 do
    remaining = remaining - (buckets[current + step - 60] or 0)
    if remaining + amount <= limit or remaining <= 0 then return (current + step) * 1000 - now end
  end
  return 60000
end

if rpm > 0 then
  local wait = waitMs(calls, totalCalls, rpm, 1)
  if wait > 0 then return { 1, wait, totalCalls, totalTokens } end
end
if tpm > 0 then
  local wait = waitMs(tokens, totalTokens, tpm, estimate)
  if wait > 0 then return { 2, wait, totalCalls, totalTokens } end
end
redis.call('HINCRBY', KEYS[1], 'r:' .. current, 1)
if estimate > 0 then redis.call('HINCRBY', KEYS[1], 't:' .. current, estimate) end
redis.call('PEXPIRE', KEYS[1], 120000)
return { 0, 0, totalCalls + 1, totalTokens + estimate }
`;

/**
 * KEYS[1] the provider's hash; ARGV now (epoch ms), admittedAt (epoch ms), delta tokens.
 * Adds delta to the bucket of admittedAt (no later than now), never below zero, and not once that
 * second has left the window. Returns the amount applied.
 */
export const CORRECT_SCRIPT = `
local now = tonumber(ARGV[1])
local current = math.floor(now / 1000)
local second = math.min(math.floor(tonumber(ARGV[2]) / 1000), current)
if second <= current - 60 then return 0 end
local field = 't:' .. second
local counted = tonumber(redis.call('HGET', KEYS[1], field) or '0')
local applied = math.max(tonumber(ARGV[3]), -counted)
if applied ~= 0 then
  redis.call('HINCRBY', KEYS[1], field, applied)
  redis.call('PEXPIRE', KEYS[1], 120000)
end
return applied
`;

/** KEYS[1] the provider's hash; ARGV now (epoch ms). Returns { calls, tokens } of the last minute. */
export const USAGE_SCRIPT = `${READ_WINDOW}
return { totalCalls, totalTokens }
`;
