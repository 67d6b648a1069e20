-- AIUpstream: Accepted and ResolvedRefs (its credential Secrets exist), then the targets' passive health that the
-- proxies report (status.health.targets, the HEALTHY column): Degraded when every target is unhealthy, Healthy
-- with the unhealthy ones named while at least one is healthy, since the proxies fail over to it.
local result = judge({"Accepted", "ResolvedRefs"}, {})
if result.status ~= "Healthy" or obj.status.health == nil or obj.status.health.targets == nil then
  return result
end
local unhealthy = {}
local total = 0
for _, target in ipairs(obj.status.health.targets) do
  total = total + 1
  if target.healthy == false then
    table.insert(unhealthy, target.name .. " (" .. (target.reason or "no reason reported") .. ")")
  end
end
if #unhealthy == 0 then
  return result
end
local message = (total - #unhealthy) .. "/" .. total .. " targets healthy; unhealthy: " .. table.concat(unhealthy, ", ")
if #unhealthy == total then
  return verdict("Degraded", message)
end
return verdict("Healthy", message)
