-- One benchmark target for wrk: requests taken in turn from a list, each POST body made unique,
-- and a JSON summary (throughput, p50/p95/p99, errors) printed at the end.
-- bench/run.py writes the line `local spec = {...}` in front of this file.

-- Globals, not locals: done() reads them from each thread with thread:get().
-- thread_id is set in each thread by setup() (1, 2, ...).
counter = 0
bad = 0
thread_id = 0
local threads = {}
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
  table.insert(threads, thread)
end

function init(args)
  for name, value in pairs(spec.headers) do
    wrk.headers[name] = value
  end
end

function request()
  counter = counter + 1
  local item
  if spec.once then
    -- Requests that may be sent once (votes): the threads take turns through the list, starting
    -- after those that earlier runs used; past its end they repeat, and are counted as refused.
    local index = spec.offset + (counter - 1) * spec.threads + thread_id
    item = spec.requests[((index - 1) % #spec.requests) + 1]
  else
    item = spec.requests[(counter % #spec.requests) + 1]
  end
  local headers = nil
  if item.cookie then
    headers = {}
    for name, value in pairs(wrk.headers) do
      headers[name] = value
    end
    headers["Cookie"] = (wrk.headers["Cookie"] or "") .. "; " .. item.cookie
  end
  if item.body then
    local key = string.format("%d-%d-%d", thread_id, counter, math.random(1, 1000000000))
    local body = string.gsub(item.body, "%%7Bkey%%7D", key)
    return wrk.format("POST", item.path, headers, body)
  end
  return wrk.format("GET", item.path, headers)
end

if spec.redirects then
  -- Post/redirect/get: success is a redirect to one of these paths (not to the login page).
  function response(status, headers, body)
    if status ~= 302 or not spec.redirects[headers["Location"] or ""] then
      bad = bad + 1
    end
  end
elseif spec.expect then
  function response(status, headers, body)
    if status ~= 200 or not string.find(body, spec.expect, 1, true) then
      bad = bad + 1
    end
  end
end

function done(summary, latency, requests)
  local rejected = 0
  local turns = 0
  for _, thread in ipairs(threads) do
    rejected = rejected + (thread:get("bad") or 0)
    turns = math.max(turns, thread:get("counter") or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"timeouts": %d, "status_errors": %d, "rejected": %d, "sent_once": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.timeout, errors.status, rejected, spec.once and turns * spec.threads or 0
  ))
end
