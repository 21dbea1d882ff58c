-- Breaking news: readers on the home page, a section front, the breaking story and the
-- feeds, while bench/breaking_writer.py publishes and updates that story every second.
-- The story's path is given in the environment (BREAKING_PATH).
local paths = { "/", "/news/", os.getenv("BREAKING_PATH") or "/", "/feed.xml",
                "/news/feed.xml", "/", "/news/", os.getenv("BREAKING_PATH") or "/" }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

local errors = 0
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("BREAKING requests=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
