-- The queries of bench/queries.lua, cycled in order so every run asks the same questions.
local queries = dofile("bench/queries.lua")
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/search?" .. queries[i])
end
