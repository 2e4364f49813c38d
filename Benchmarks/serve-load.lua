-- wrk script for Benchmarks/serve-load.sh: GET /search with the queries of a log, one a line,
-- each thread starting at a different line; at the end, one JSON line with the figures.
-- Usage: wrk ... -s serve-load.lua URL -- QUERY_FILE [K]

local queries = {}
local position = 1
local k = "10"
local threads = {}

local function urlencode(text)
  return (text:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local path = args[1] or error("usage: -- QUERY_FILE [K]")
  k = args[2] or "10"
  for line in io.lines(path) do
    if line:match("%S") then table.insert(queries, "/search?q=" .. urlencode(line) .. "&k=" .. k) end
  end
  if #queries == 0 then error("no queries in " .. path) end
  position = ((id or 0) * 37) % #queries + 1
end

function request()
  local path = queries[position]
  position = position % #queries + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "requests_per_s": %.1f, "p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, ' ..
    '"errors": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, e.connect, e.read, e.write, e.timeout, e.status))
end
