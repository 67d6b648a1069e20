package io.aigateway.proxy.auth;

import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Target;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds a target's provider credentials to an upstream request. The only place that reads credential values; it
 * never logs them.
 */
public final class CredentialInjector {

    private final SigV4Signer signer;

    /** @param clock the time signatures are dated with */
    public CredentialInjector(Clock clock) {
        this.signer = new SigV4Signer(SigV4Signer.BEDROCK, clock);
    }

    /**
     * Adds the target's credentials to a request whose path, headers and body are final: its credential header
     * ({@link #apply}), then for targets with AWS credentials (Bedrock) a SigV4 signature over the rest.
     *
     * @param pathAndQuery the request target as sent, for example {@code /model/anthropic.claude-v2%3A1/converse}
     * @param body the body as sent, null for none
     */
    public void authorize(Target target, Map<String, String> entries, String method, String pathAndQuery,
            MultiMap headers, Buffer body) {
        apply(target, entries, headers);
        sign(target, entries, method, pathAndQuery, headers, body);
    }

    /**
     * Sets the target's credential header the way its provider expects it, replacing any value a client sent under
     * the same name: an API key as {@code Authorization: Bearer} (OpenAI and compatible servers), {@code x-api-key}
     * (Anthropic), {@code x-goog-api-key} (Gemini) or {@code api-key} (Azure OpenAI); a header credential as given.
     *
     * @param entries the gateway's credential entries by name
     * @throws IllegalStateException when an entry the target names is absent (a validated config prevents it)
     * @throws UnsendableCredentialException when its value cannot be sent in a header (the compiler refuses it)
     */
    public static void apply(Target target, Map<String, String> entries, MultiMap headers) {
        Credentials c = target.credentials();
        if (c.apiKeyEntry() != null) {
            String key = entry(entries, c.apiKeyEntry());
            switch (target.provider()) {
                case ANTHROPIC -> headers.set("x-api-key", key);
                case GEMINI -> headers.set("x-goog-api-key", key);
                case AZURE -> headers.set("api-key", key);
                default -> headers.set("Authorization", "Bearer " + key);
            }
        } else if (c.azure() != null) {
            headers.set("api-key", entry(entries, c.azure().apiKeyEntry()));
        } else if (c.header() != null) {
            headers.set(c.header().name(), entry(entries, c.header().valueEntry()));
        }
    }

    /** Signs a request to a target with AWS credentials with SigV4; does nothing for other targets. */
    private void sign(Target target, Map<String, String> entries, String method, String pathAndQuery,
            MultiMap headers, Buffer body) {
        Credentials.AwsCredentials aws = target.credentials().aws();
        if (aws == null) {
            return;
        }
        Endpoint endpoint = target.endpoint();
        boolean defaultPort = endpoint.port() == ("https".equals(endpoint.protocol()) ? 443 : 80);
        URI url = URI.create(endpoint.protocol() + "://" + endpoint.host() + (defaultPort ? "" : ":" + endpoint.port())
                + pathAndQuery);
        Map<String, List<String>> signed = new LinkedHashMap<>();
        headers.names().forEach(name -> signed.put(name, headers.getAll(name)));
        signer.sign(method, url, signed, body == null ? null : body.getBytes(), SigV4Signer.AwsKey.from(aws, entries))
                .forEach(headers::set);
    }

    /**
     * What must never be relayed from the target's answers: the values of its credentials (those it may echo in an
     * error) as {@link Redaction} replaces them.
     */
    public static Redaction redaction(Target target, Map<String, String> entries) {
        Credentials c = target.credentials();
        List<String> names = new ArrayList<>(3);
        if (c.apiKeyEntry() != null) {
            names.add(c.apiKeyEntry());
        } else if (c.azure() != null) {
            names.add(c.azure().apiKeyEntry());
        } else if (c.header() != null) {
            names.add(c.header().valueEntry());
        } else if (c.aws() != null) {
            names.addAll(Arrays.asList(c.aws().accessKeyIdEntry(), c.aws().secretAccessKeyEntry(),
                    c.aws().sessionTokenEntry()));
        }
        List<String> values = new ArrayList<>(names.size());
        for (String name : names) {
            String value = name == null ? null : entries.get(name);
            if (value != null && !value.isBlank()) {
                values.add(value.strip());
            }
        }
        return Redaction.of(values);
    }

    /**
     * An entry's value as it is sent: trimmed of a trailing line break, say.
     *
     * @throws IllegalStateException naming the entry (never its value) when it is absent
     * @throws UnsendableCredentialException when no HTTP header can carry it: the target cannot be used
     */
    static String entry(Map<String, String> entries, String name) {
        String value = entries.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("credential entry " + name + " is missing");
        }
        String sent = value.strip();
        if (!Credentials.sendable(sent)) {
            throw new UnsendableCredentialException(name);
        }
        return sent;
    }
}
