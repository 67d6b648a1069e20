-- AIKey: Accepted, and ResolvedRefs (its AIGateway and key Secret exist). An AIKey without secretRef waits for
-- the operator to generate its Secret: Progressing.
return judge({"Accepted", "ResolvedRefs"}, {KeyNotGenerated = "Progressing"})
