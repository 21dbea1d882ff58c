-- A mixed day on the public site (bench/breaking.sh): the addresses of the file named by
-- MIXED_URLS — distinct stories, searches, feeds, sitemaps and addresses that do not
-- exist — in turn, each thread from its own place in the list. Answers are counted by
-- status: 200 (and 304), 404 (expected for the missing addresses), 503, anything else.
local urls = {}
for line in io.lines(os.getenv("MIXED_URLS")) do urls[#urls + 1] = line end
local i = 0
local counter = 0
setup = function(thread)
  thread:set("start", counter * 7919)
  counter = counter + 1
end
init = function(args) i = start or 0 end
request = function()
  i = i % #urls + 1
  return wrk.format("GET", urls[i])
end

ok, missing, busy, other = 0, 0, 0, 0
response = function(status, headers, body)
  if status == 200 or status == 304 then ok = ok + 1
  elseif status == 404 then missing = missing + 1
  elseif status == 503 then busy = busy + 1
  else other = other + 1 end
end

local threads = {}
local register = setup
setup = function(thread) register(thread); table.insert(threads, thread) end
done = function(summary, latency, requests)
  local o, m, b, x = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); m = m + t:get("missing"); b = b + t:get("busy"); x = x + t:get("other")
  end
  io.write(string.format("MIXED requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f ok=%d not_found=%d busy=%d other=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, o, m, b, x,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
