package io.aigateway.cli.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the CEL rules of {@code x-kubernetes-validations} the way the API server does: {@code self} is the
 * value at the schema location that carries the rule. {@code self} is declared dynamic, so the rules are checked
 * for syntax and known functions but not against the schema's types.
 */
public final class CelRules {

    private final Cel cel = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .setResultType(SimpleType.BOOL)
            .build();

    private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

    /**
     * Compiles a rule.
     *
     * @throws InvalidRuleException when the rule does not compile
     */
    public CelRuntime.Program program(String rule) {
        return programs.computeIfAbsent(rule, this::compile);
    }

    /**
     * Whether {@code value} satisfies {@code rule}.
     *
     * @throws InvalidRuleException when the rule does not compile or cannot be evaluated on this value
     */
    public boolean test(String rule, JsonNode value) {
        try {
            Object result = program(rule).eval(Map.of("self", toCel(value)));
            if (result instanceof Boolean b) {
                return b;
            }
            throw new InvalidRuleException("rule " + rule + " returned " + result + " instead of a bool");
        } catch (CelEvaluationException e) {
            throw new InvalidRuleException("rule " + rule + " could not be evaluated: " + e.getMessage(), e);
        }
    }

    private CelRuntime.Program compile(String rule) {
        try {
            CelAbstractSyntaxTree ast = cel.compile(rule).getAst();
            return cel.createProgram(ast);
        } catch (CelValidationException | CelEvaluationException e) {
            throw new InvalidRuleException("rule " + rule + " does not compile: " + e.getMessage(), e);
        }
    }

    /** JSON to the values CEL knows: int is int64, objects are maps, arrays are lists. */
    static Object toCel(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NullValue.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> {
                if (!e.getValue().isNull()) {
                    map.put(e.getKey(), toCel(e.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(toCel(element)));
            return list;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** A rule that does not compile or cannot be evaluated: a defect of the CRD, or input of the wrong type. */
    public static final class InvalidRuleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidRuleException(String message) {
            super(message);
        }

        InvalidRuleException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
