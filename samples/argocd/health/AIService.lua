-- AIService: Accepted, and ResolvedRefs (its AIUpstream exists).
return judge({"Accepted", "ResolvedRefs"}, {})
