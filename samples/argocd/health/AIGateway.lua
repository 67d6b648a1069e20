-- AIGateway: Accepted, ResolvedRefs (everything attached compiled) and Ready (config written, a proxy replica
-- available). No replica available yet is Progressing: a rollout under way, or pods that never become ready
-- (see the Deployment <name>-proxy in the resource tree). spec.proxy.replicas 0 is Suspended: deliberate, and
-- nothing serves.
return judge({"Accepted", "ResolvedRefs", "Ready"},
    {ProxyUnavailable = "Progressing", ProxyScaledToZero = "Suspended"})
