-- Shared by the health checks of every aigateway.io kind: argocd-cm-health.yaml holds this file followed by
-- one kind's file, under resource.customizations.health.aigateway.io_<Kind>. Argo CD gives the script the
-- resource as the global obj, with Lua's base, table and package libraries only (no string, no math), and reads
-- back the table it returns: {status = Healthy | Progressing | Degraded | Suspended, message = ...}.

local function verdict(status, message)
  return {status = status, message = message}
end

local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then
      return c
    end
  end
  return nil
end

-- Progressing until the operator has reported on the current generation: the status and each expected condition.
local function awaitingOperator(conditionTypes)
  local generation = obj.metadata.generation or 0
  if obj.status == nil or obj.status.observedGeneration == nil then
    return verdict("Progressing", "Waiting for the operator to report on this " .. obj.kind)
  end
  if obj.status.observedGeneration < generation then
    return verdict("Progressing", "Waiting for the operator to observe generation " .. generation
        .. " (the status describes generation " .. obj.status.observedGeneration .. ")")
  end
  for _, conditionType in ipairs(conditionTypes) do
    local c = condition(conditionType)
    if c == nil or c.observedGeneration == nil or c.observedGeneration < generation then
      return verdict("Progressing", "Waiting for the operator to report " .. conditionType .. " for generation "
          .. generation)
    end
  end
  return nil
end

-- The conditions, in order: the first one not True decides, Degraded unless its reason is in byReason (reasons
-- something is still working on). All True: Healthy, with the last condition's message.
local function judge(conditionTypes, byReason)
  local waiting = awaitingOperator(conditionTypes)
  if waiting ~= nil then
    return waiting
  end
  local last
  for _, conditionType in ipairs(conditionTypes) do
    last = condition(conditionType)
    if last.status ~= "True" then
      local status = byReason[last.reason] or "Degraded"
      if last.status ~= "False" then
        status = "Progressing"
      end
      return verdict(status, (last.reason or "") .. ": " .. (last.message or ""))
    end
  end
  return verdict("Healthy", last.message or "")
end
