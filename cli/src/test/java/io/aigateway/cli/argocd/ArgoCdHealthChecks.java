package io.aigateway.cli.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigateway.cli.TestPaths;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;

/**
 * The health checks of {@code samples/argocd/health}, run as Argo CD runs a health script from argocd-cm
 * ({@code util/lua/lua.go}): a fresh interpreter per run with only the base, package and table libraries, the
 * resource's JSON as the global {@code obj} (numbers as Lua numbers, arrays as tables from index 1), and the
 * returned table read as {@code {status, message}}.
 */
final class ArgoCdHealthChecks {

    /** Our kinds, each with its health check {@code <Kind>.lua}. */
    static final List<String> KINDS = List.of("AIGateway", "AIUpstream", "AIService", "AIRule", "AIKey");
    /** What every check starts with: argocd-cm holds it before each kind's file. */
    static final String SHARED = "conditions.lua";
    /** The statuses Argo CD accepts from a script; it turns any other into Unknown. */
    private static final Set<String> ARGO_CD_STATUSES = Set.of("Healthy", "Progressing", "Degraded", "Suspended",
            "Missing", "Unknown");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Health(String status, String message) {
    }

    private ArgoCdHealthChecks() {
    }

    static Path directory() {
        return TestPaths.samples().resolve("argocd").resolve("health");
    }

    /** The script argocd-cm holds for a kind: the shared part, then the kind's own. */
    static String script(String kind) {
        return read(SHARED) + "\n" + read(kind + ".lua");
    }

    /** What Argo CD would show for the resource as it is, status included. */
    static Health assess(HasMetadata resource) {
        JsonNode object;
        try {
            object = JSON.readTree(SERIALIZATION.asJson(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run(script(resource.getKind()), object);
    }

    static Health run(String script, JsonNode object) {
        Globals globals = new Globals();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new TableLib());
        LoadState.install(globals);
        LuaC.install(globals);
        globals.set("obj", toLua(object));
        LuaValue result = globals.load(script, "health.lua").call();
        if (!result.istable()) {
            throw new AssertionError("the script returned " + result.typename() + ", not a table");
        }
        String status = result.get("status").optjstring(null);
        if (!ARGO_CD_STATUSES.contains(status)) {
            throw new AssertionError("Argo CD would show Unknown: the script returned status " + status);
        }
        return new Health(status, result.get("message").optjstring(""));
    }

    private static LuaValue toLua(JsonNode node) {
        if (node.isObject()) {
            LuaTable table = new LuaTable();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                table.set(field.getKey(), toLua(field.getValue()));
            }
            return table;
        }
        if (node.isArray()) {
            LuaTable table = new LuaTable();
            for (int i = 0; i < node.size(); i++) {
                table.set(i + 1, toLua(node.get(i)));
            }
            return table;
        }
        if (node.isNumber()) {
            // Argo CD decodes every number into gopher-lua's float64 LNumber.
            return LuaValue.valueOf(node.doubleValue());
        }
        if (node.isBoolean()) {
            return LuaValue.valueOf(node.booleanValue());
        }
        if (node.isTextual()) {
            return LuaValue.valueOf(node.textValue());
        }
        return LuaValue.NIL;
    }

    private static String read(String file) {
        try {
            return Files.readString(directory().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
