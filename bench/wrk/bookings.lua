-- wrk script: POST /bookings, every request with a customerId of its own.
--
-- Configured through environment variables (read by every wrk thread):
--   BENCH_PREFIX    customer id prefix, unique per scenario and run (required)
--   BENCH_VACCINES  comma-separated vaccine ids, used round-robin (required)
--   BENCH_THREADS   the -t given to wrk (to split rate and limit between threads)
--   BENCH_RATE      total requests/s to aim at (open-loop schedule); 0 = closed loop, as fast as answers come
--   BENCH_LIMIT     total booking requests to send, then stop; 0 = until wrk's -d runs out
--   BENCH_SAMPLES   path prefix: each thread writes <prefix>.<n>.csv, one line per answer:
--                   R,done_us,latency_us,http,booking status,has Retry-After (1/0),Retry-After,problem type
--   BENCH_AUTHORIZATION  the Authorization header of every booking (the agent's bearer token)
--   BENCH_FILLER    the path of the filler (below) on the target; /q/health/live unless given
--
-- The send time (CLOCK_MONOTONIC, microseconds) is part of the customerId, and the 201 body echoes the customerId,
-- so every 201 gives its own latency and completion time: that is what the charts are made of. Answers without the
-- id (503, 409, ...) are counted and timed at completion only; wrk's own histogram covers every answer.
-- Nothing is retried: a 503 is counted (with or without Retry-After) and the customer is not asked again.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec_t;
int clock_gettime(int clk_id, bench_timespec_t *tp);
]]
local ts = ffi.new("bench_timespec_t")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC, the clock Python's time.monotonic() reads
  return tonumber(ts.tv_sec) * 1000000 + math.floor(tonumber(ts.tv_nsec) / 1000)
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local prefix, vaccines, nthreads, limit, interval, samples, next_slot
-- globals, so that done() can read them with thread:get()
sent, answered = 0, 0
c201, c503ra, c503, c409, cother, booked, waiting, circuit_open = 0, 0, 0, 0, 0, 0, 0, 0
-- BENCH_AUTHORIZATION is the "Bearer ..." header of the booking agent, who books for every customer of the run.
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = os.getenv("BENCH_AUTHORIZATION") }
-- Sent at most once a second per connection once a thread's quota is used up, while its other connections wait for
-- their answers: a GET the target answers 200 itself, which never reaches a function (booking-fn's liveness check; on
-- the gateway, whose /q/ is not on its public port, the web app's page); its answers are ignored.
local filler
local last_answer = 0
-- With BENCH_LIMIT, a thread whose quota went out stops this long after its last answer even if some never came
-- (wrk's --timeout drops a request without calling response()).
local GRACE_US = 15000000

function init(args)
  prefix = assert(os.getenv("BENCH_PREFIX"), "BENCH_PREFIX is required")
  vaccines = {}
  for id in string.gmatch(assert(os.getenv("BENCH_VACCINES"), "BENCH_VACCINES is required"), "%d+") do
    table.insert(vaccines, id)
  end
  nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
  local total_limit = tonumber(os.getenv("BENCH_LIMIT") or "0")
  limit = 0
  if total_limit > 0 then
    -- thread n gets its share; the first threads take the remainder
    limit = math.floor(total_limit / nthreads)
    if tid <= total_limit % nthreads then limit = limit + 1 end
  end
  local rate = tonumber(os.getenv("BENCH_RATE") or "0")
  interval = 0
  if rate > 0 then interval = 1000000 * nthreads / rate end
  local path = os.getenv("BENCH_SAMPLES")
  if path then
    samples = io.open(path .. "." .. tid .. ".csv", "w")
    samples:setvbuf("line")
  end
  filler = wrk.format("GET", os.getenv("BENCH_FILLER") or "/q/health/live")
end

function delay()
  if limit > 0 and sent >= limit then return 1000 end
  if interval == 0 then return 0 end
  local now = now_us()
  if next_slot == nil then next_slot = now end
  next_slot = next_slot + interval
  local wait = (next_slot - now) / 1000
  if wait < 0 then return 0 end
  return math.floor(wait)
end

-- wrk 4 calls request() once on its first thread to check the script, and never sends that one.
local verified = false

function request()
  if tid == 1 and not verified then
    verified = true
    return filler
  end
  if limit > 0 and sent >= limit then return filler end
  sent = sent + 1
  local t = now_us()
  if sent == 1 and samples then samples:write(string.format("S,%d,,,,\n", t)) end
  if sent == limit and samples then samples:write(string.format("L,%d,,,,\n", t)) end
  local vaccine = vaccines[(sent + tid) % #vaccines + 1]
  local body = string.format('{"customerId":"%s-%d-%d-%d","vaccineId":%s}', prefix, tid, sent, t, vaccine)
  return wrk.format("POST", "/bookings", headers, body)
end

-- This thread is done: says so in its samples (bench.py stops wrk with SIGINT once every thread has; wrk itself
-- would sleep out its -d), and stops its event loop.
local finished = false
function finish(t)
  if finished then return end
  finished = true
  if samples then
    samples:write(string.format("D,%d,%d,,,\n", t, answered))
    samples:flush()
  end
  wrk.thread:stop()
end

function response(status, hdrs, body)
  local t = now_us()
  if status == 200 then
    -- the filler's answer (a booking answers 201, never 200)
    if limit > 0 and sent >= limit and t - last_answer > GRACE_US then finish(t) end
    return
  end
  last_answer = t
  answered = answered + 1
  local latency, bstatus, retry, after, kind = "", "", "", "", ""
  if status == 201 then
    c201 = c201 + 1
    local sent_at = body:match('"customerId"%s*:%s*"[^"]*%-(%d+)"')
    if sent_at then latency = tostring(t - tonumber(sent_at)) end
    bstatus = body:match('"status"%s*:%s*"(%u+)"') or ""
    if bstatus == "BOOKED" then booked = booked + 1 elseif bstatus == "WAITING" then waiting = waiting + 1 end
  elseif status == 503 then
    if body and body:find("circuit%-open") then circuit_open = circuit_open + 1 end
    kind = body and body:match('"type"%s*:%s*"urn:anticorona:problem:([%w%-]+)"') or ""
    after = hdrs["Retry-After"] or hdrs["retry-after"] or ""
    if after ~= "" then
      c503ra = c503ra + 1
      retry = "1"
    else
      c503 = c503 + 1
      retry = "0"
    end
  elseif status == 409 then
    c409 = c409 + 1
  else
    cother = cother + 1
  end
  if samples then samples:write(string.format("R,%d,%s,%d,%s,%s,%s,%s\n", t, latency, status, bstatus, retry, after, kind)) end
  if limit > 0 and answered >= limit then finish(t) end
end

function done(summary, latency, requests)
  local totals = { c201 = 0, c503ra = 0, c503 = 0, c409 = 0, cother = 0, booked = 0, waiting = 0, sent = 0,
                   circuit_open = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do totals[key] = totals[key] + (thread:get(key) or 0) end
  end
  io.write("BENCH-JSON {")
  io.write(string.format('"duration_us":%d,"requests":%d,"bytes":%d,', summary.duration, summary.requests, summary.bytes))
  io.write(string.format('"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},',
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
  for key, value in pairs(totals) do io.write(string.format('"%s":%d,', key, value)) end
  io.write(string.format('"latency_us":{"min":%d,"max":%d,"mean":%.1f,"stdev":%.1f,"p":{',
    latency.min, latency.max, latency.mean, latency.stdev))
  local ps = { 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99 }
  for i, p in ipairs(ps) do
    io.write(string.format('"%s":%d%s', tostring(p), latency:percentile(p), i < #ps and "," or ""))
  end
  io.write("}}}\n")
end
