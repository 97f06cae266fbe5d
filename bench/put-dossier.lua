-- wrk script: PUT a new dossier per request (unique id per thread and request)
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  run = os.getenv("RUN") or "r"
end

request = function()
  counter = counter + 1
  local id = "BENCH-" .. run .. "-" .. tid .. "-" .. counter
  local body = '{"procedureCode":"1.001612","agencyCode":"000.00.12.H12","receivedAt":"2026-11-20T08:15:00+07:00",'
    .. '"channel":"ONLINE","status":"RECEIVED","applicant":{"idType":"OTHER","idNumber":"B1234567"},'
    .. '"components":[{"code":"TP1","name":"x","digitized":true,"reused":true}]}'
  return wrk.format("PUT", "/api/v1/dossiers/" .. id,
    {["X-API-Key"] = "dev-provincial-key", ["Content-Type"] = "application/json"}, body)
end
