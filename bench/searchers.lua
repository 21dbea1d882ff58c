-- Readers searching while the newsroom is busy (bench/breaking.sh): the queries of
-- bench/queries.lua, each with a page number so that no two in a row are the same, and the
-- answers counted apart: 200, 503 "Search is busy" (search takes turns so it cannot starve
-- page serving), anything else.
local queries = dofile("bench/queries.lua")
local i = 0
request = function()
  i = i + 1
  local q = queries[(i - 1) % #queries + 1]
  return wrk.format("GET", "/search?" .. q .. "&page=" .. (math.floor(i / #queries) % 3 + 1))
end

ok, busy, other = 0, 0, 0
response = function(status, headers, body)
  if status == 200 then ok = ok + 1 elseif status == 503 then busy = busy + 1 else other = other + 1 end
end

-- Each wrk thread counts its own answers; they are summed through the threads' tables.
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local o, b, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); b = b + t:get("busy"); x = x + t:get("other")
  end
  io.write(string.format("SEARCH requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f ok=%d busy=%d other=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, o, b, x,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
