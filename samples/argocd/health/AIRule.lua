-- AIRule: Accepted, and ResolvedRefs (its AIGateway, AIService and that service's AIUpstream exist).
return judge({"Accepted", "ResolvedRefs"}, {})
