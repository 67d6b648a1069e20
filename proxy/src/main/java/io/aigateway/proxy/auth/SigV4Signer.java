package io.aigateway.proxy.auth;

import io.aigateway.model.Credentials;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Signs a finished upstream request with AWS Signature Version 4 (the AWS SDK's {@link AwsV4HttpSigner}, header
 * form, payload signed) and returns the headers to add. Holds no key material; never logs, and its exceptions
 * never carry a key, a secret or a token.
 *
 * <p>The SDK's signer always adds and signs {@code x-amz-content-sha256} (the SHA-256 of the body), which AWS
 * accepts for every service. Host is signed as the URL gives it, so the request must be sent to that authority.
 */
public final class SigV4Signer {

    /** The signing name of Bedrock Runtime ({@code bedrock-runtime.<region>.amazonaws.com}). */
    public static final String BEDROCK = "bedrock";

    /**
     * Headers never signed: Host comes from the URL; the rest are hop-by-hop, set by the HTTP client, or replaced
     * by the signature itself. A header signed and then changed on the way out would fail the request with 403.
     */
    private static final Set<String> UNSIGNED = Set.of("host", "content-length", "connection", "keep-alive",
            "proxy-connection", "proxy-authorization", "transfer-encoding", "te", "trailer", "upgrade", "expect",
            "user-agent", "x-amzn-trace-id", "authorization", "x-amz-date", "x-amz-security-token",
            "x-amz-content-sha256");

    /** The headers the signer adds, in the order returned. */
    private static final List<String> ADDED = List.of("Authorization", "X-Amz-Date", "x-amz-content-sha256",
            "X-Amz-Security-Token");

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String service;
    private final Clock clock;

    /**
     * @param service the AWS signing name, {@link #BEDROCK} for Bedrock targets
     * @param clock the time the signature is dated with
     */
    public SigV4Signer(String service, Clock clock) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("service signing name is required");
        }
        this.service = service;
        this.clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** A signer for Bedrock Runtime on the system clock. */
    public static SigV4Signer bedrock() {
        return new SigV4Signer(BEDROCK, Clock.systemUTC());
    }

    /**
     * Signs one request.
     *
     * @param method the HTTP method
     * @param url the full URL the request goes to, its path already percent-encoded as sent (a Bedrock model id
     *     {@code anthropic.claude-3-haiku-20240307-v1:0} appears as {@code …v1%3A0}); the signer encodes it once
     *     more for the canonical request, as AWS services other than S3 expect
     * @param headers the headers that will be sent unchanged; hop-by-hop and client-managed ones are skipped
     * @param body the exact body bytes; null or empty for none
     * @return the headers to add: {@code Authorization}, {@code X-Amz-Date}, {@code x-amz-content-sha256} and,
     *     with a session token, {@code X-Amz-Security-Token}
     * @throws IllegalArgumentException when the request cannot be signed (the message names no credential)
     */
    public Map<String, String> sign(String method, URI url, Map<String, List<String>> headers, byte[] body,
            AwsKey key) {
        if (key == null) {
            throw new IllegalArgumentException("no AWS key to sign with");
        }
        if (url == null || url.getHost() == null) {
            throw new IllegalArgumentException("a SigV4 request needs an absolute URL");
        }
        SdkHttpRequest.Builder request;
        try {
            request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(url);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot sign " + method + " " + url.getPath() + ": "
                    + e.getClass().getSimpleName());
        }
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (!UNSIGNED.contains(name.toLowerCase(Locale.ROOT)) && values != null && !values.isEmpty()) {
                    request.putHeader(name, values);
                }
            });
        }
        AwsCredentialsIdentity identity = key.sessionToken() == null
                ? AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey())
                : AwsSessionCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey(), key.sessionToken());
        byte[] payload = body == null ? new byte[0] : body;
        SignedRequest signed;
        try {
            signed = signer.sign(r -> r.identity(identity)
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, key.region())
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        } catch (RuntimeException e) {
            // The SDK's messages are not known to be free of key material: keep only the kind of failure.
            throw new IllegalArgumentException("SigV4 signing failed for " + method + " " + url.getPath() + ": "
                    + e.getClass().getSimpleName());
        }
        Map<String, String> added = new LinkedHashMap<>();
        for (String name : ADDED) {
            signed.request().firstMatchingHeader(name).ifPresent(v -> added.put(name, v));
        }
        if (!added.containsKey("Authorization")) {
            throw new IllegalStateException("SigV4 signer produced no Authorization header");
        }
        return added;
    }

    @Override
    public String toString() {
        return "SigV4Signer[service=" + service + "]";
    }

    /**
     * The signing material of one target. {@link #toString()} shows the region and nothing else.
     *
     * @param sessionToken null for long-lived keys
     */
    public record AwsKey(String region, String accessKeyId, String secretAccessKey, String sessionToken) {

        public AwsKey {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("AWS region is required");
            }
            if (accessKeyId == null || accessKeyId.isBlank()) {
                throw new IllegalArgumentException("AWS access key id is empty");
            }
            if (secretAccessKey == null || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("AWS secret access key is empty");
            }
            if (sessionToken != null && sessionToken.isBlank()) {
                sessionToken = null;
            }
        }

        /**
         * Reads a target's key from the gateway's credential entries.
         *
         * @throws IllegalStateException naming the entry (never its value) when one is absent
         * @throws UnsendableCredentialException when one cannot be sent in a header
         */
        public static AwsKey from(Credentials.AwsCredentials aws, Map<String, String> entries) {
            return new AwsKey(aws.region(), CredentialInjector.entry(entries, aws.accessKeyIdEntry()),
                    CredentialInjector.entry(entries, aws.secretAccessKeyEntry()),
                    aws.sessionTokenEntry() == null ? null
                            : CredentialInjector.entry(entries, aws.sessionTokenEntry()));
        }

        @Override
        public String toString() {
            return "AwsKey[region=" + region + ", accessKeyId=***, secretAccessKey=***, sessionToken="
                    + (sessionToken == null ? "none" : "***") + "]";
        }
    }
}
