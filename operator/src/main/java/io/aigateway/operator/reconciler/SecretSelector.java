package io.aigateway.operator.reconciler;

import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which Secrets of the watched namespaces the operator reads: all of them, or, on a cluster with many Secrets, only
 * those carrying every one of some labels (a selector {@code key=value[,key=value]}). A Secret without the labels is
 * invisible to the operator: a resource referring to it reports SecretNotFound, naming the selector.
 *
 * @param labels the labels a Secret must carry; empty: every Secret
 */
public record SecretSelector(SortedMap<String, String> labels) {

    /** Every Secret of the watched namespaces. */
    public static final SecretSelector ALL = new SecretSelector(new TreeMap<>());

    // A label key (an optional DNS-subdomain prefix and a name) and a label value, as the API server accepts them.
    private static final Pattern KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

    public SecretSelector {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /**
     * The selector written {@code key=value[,key=value]}; null or blank: every Secret. Only equality: the operator
     * also puts these labels on the Secrets it generates, so that it sees them.
     *
     * @throws IllegalArgumentException for anything else, naming what it cannot read
     */
    public static SecretSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return ALL;
        }
        SortedMap<String, String> labels = new TreeMap<>();
        for (String requirement : selector.split(",")) {
            String[] pair = requirement.strip().split("=", -1);
            if (pair.length != 2 || !KEY.matcher(pair[0].strip()).matches()
                    || !VALUE.matcher(pair[1].strip()).matches()) {
                throw new IllegalArgumentException("'" + requirement.strip() + "' is not a label requirement "
                        + "key=value; the selector is key=value pairs separated by commas");
            }
            labels.put(pair[0].strip(), pair[1].strip());
        }
        return new SecretSelector(labels);
    }

    /** The selector as written in the setting, for messages; empty when every Secret is read. */
    public Optional<String> description() {
        return labels.isEmpty() ? Optional.empty() : Optional.of(labels.entrySet().stream()
                .map(label -> label.getKey() + "=" + label.getValue()).collect(Collectors.joining(",")));
    }
}
