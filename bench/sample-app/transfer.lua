-- wrk: POST /api/v1/transfers back and forth between two accounts of one user (env FROM, TO, TOKEN),
-- 0.01 EUR each, so balances never run out and the ledger can be checked afterwards.
local from, to, token = os.getenv("FROM"), os.getenv("TO"), os.getenv("TOKEN")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token

request = function()
  n = n + 1
  local a, b = from, to
  if n % 2 == 0 then a, b = to, from end
  return wrk.format(nil, "/api/v1/transfers", nil,
    string.format('{"from":"%s","to":"%s","amount":"0.01","description":"bench"}', a, b))
end
