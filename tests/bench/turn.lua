-- wrk script for the bench: every connection holds its own conversation and walks the three-question dialog
-- (hello -> name -> what -> when -> summary, then again), one turn at a time, with deliveryMode expectReplies.
-- wrk calls request() per thread, not per connection, so a conversation is handed back to the thread's pool when its
-- reply arrives (response() reads the conversation id from the replies) and the next request takes one from the pool:
-- each conversation has at most one turn in flight, and there are as many conversations as connections.
-- Usage: wrk -t2 -c50 -d15s -s turn.lua http://127.0.0.1:PORT/api/messages -- <run-id>

local texts = { "hei", "Kari", "ringe tannlegen", "i morgen" }
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local run, pool, steps, seq, made

function init(args)
  run = args[1] or tostring(os.time())
  pool = {}
  steps = {}
  seq = {}
  made = 0
end

local function new_conversation()
  made = made + 1
  local id = string.format("bench-%s-%d-%d", run, tid, made)
  steps[id] = 0
  seq[id] = 0
  return id
end

function request()
  local id = table.remove(pool)
  if id == nil then id = new_conversation() end
  local step = steps[id]
  seq[id] = seq[id] + 1
  local body = string.format(
    '{"type":"message","id":"%d","channelId":"test","serviceUrl":"http://127.0.0.1:1","deliveryMode":"expectReplies",'
      .. '"from":{"id":"user-%s"},"recipient":{"id":"bot"},"conversation":{"id":"%s"},"text":"%s","locale":"nb-NO"}',
    seq[id], id, id, texts[step + 1])
  steps[id] = (step + 1) % #texts
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    local id = string.match(body, '"conversation"%s*:%s*{[^}]-"id"%s*:%s*"([^"]+)"')
    if id ~= nil and steps[id] ~= nil then
      table.insert(pool, id)
    end
  end
  -- A failed turn drops its conversation (the next request starts a new one); wrk counts the non-2xx status.
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  -- One machine-readable line for run.sh: turns/s, p50 ms, p99 ms, errors, turns.
  io.write(string.format("BENCH %.1f %.2f %.2f %d %d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors, summary.requests))
end
