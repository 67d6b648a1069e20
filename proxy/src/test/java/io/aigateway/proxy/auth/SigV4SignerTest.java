package io.aigateway.proxy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.model.Credentials;
import io.aigateway.proxy.auth.SigV4Signer.AwsKey;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * AWS's SigV4 test suite (AWS General Reference, "Signature Version 4 test suite"): key AKIDEXAMPLE, region
 * us-east-1, service "service", 20150830T123600Z.
 *
 * <p>The SDK's signer always signs {@code x-amz-content-sha256} as well, which the suite's requests do not carry,
 * so its Authorization cannot equal the published one byte for byte. The tests therefore (1) check that the small
 * reference computation below reproduces the published signatures from the published canonical requests, and
 * (2) check the SDK's signature against that same computation for the published canonical request plus the one
 * {@code x-amz-content-sha256} line.
 */
class SigV4SignerTest {

    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String AMZ_DATE = "20150830T123600Z";
    private static final String SCOPE = "20150830/us-east-1/service/aws4_request";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final Clock SUITE_CLOCK = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    private static final AwsKey SUITE_KEY = new AwsKey("us-east-1", KEY_ID, SECRET, null);

    /** get-vanilla/get-vanilla.creq, as published. */
    private static final String GET_VANILLA_CREQ = String.join("\n", "GET", "/", "",
            "host:example.amazonaws.com", "x-amz-date:20150830T123600Z", "", "host;x-amz-date", EMPTY_SHA256);
    /** get-vanilla/get-vanilla.authz signature. */
    private static final String GET_VANILLA_SIGNATURE =
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    /** post-x-www-form-urlencoded: body "Param1=value1", signed headers content-type;host;x-amz-date. */
    private static final String FORM_BODY = "Param1=value1";
    private static final String FORM_SHA256 = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e";
    private static final String FORM_CREQ = String.join("\n", "POST", "/", "",
            "content-type:application/x-www-form-urlencoded", "host:example.amazonaws.com",
            "x-amz-date:20150830T123600Z", "", "content-type;host;x-amz-date", FORM_SHA256);
    private static final String FORM_SIGNATURE = "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a";

    private final SigV4Signer suiteSigner = new SigV4Signer("service", SUITE_CLOCK);

    @Test
    void shouldReproducePublishedSignaturesWithTheReferenceComputation() {
        assertThat(signature(GET_VANILLA_CREQ, SCOPE)).isEqualTo(GET_VANILLA_SIGNATURE);
        assertThat(sha256Hex(FORM_BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(FORM_SHA256);
        assertThat(signature(FORM_CREQ, SCOPE)).isEqualTo(FORM_SIGNATURE);
    }

    @Test
    void shouldSignGetVanillaAsTheSuiteDoesPlusTheContentHash() {
        Map<String, String> added = suiteSigner.sign("GET", URI.create("https://example.amazonaws.com/"), Map.of(),
                null, SUITE_KEY);

        String creq = String.join("\n", "GET", "/", "", "host:example.amazonaws.com",
                "x-amz-content-sha256:" + EMPTY_SHA256, "x-amz-date:20150830T123600Z", "",
                "host;x-amz-content-sha256;x-amz-date", EMPTY_SHA256);
        assertThat(added).containsOnlyKeys("Authorization", "X-Amz-Date", "x-amz-content-sha256");
        assertThat(added.get("X-Amz-Date")).isEqualTo(AMZ_DATE);
        assertThat(added.get("x-amz-content-sha256")).isEqualTo(EMPTY_SHA256);
        assertThat(added.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + SCOPE
                + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature(creq, SCOPE));
    }

    @Test
    void shouldSignAPostBodyAndItsContentType() {
        Map<String, String> added = suiteSigner.sign("POST", URI.create("https://example.amazonaws.com/"),
                Map.of("Content-Type", List.of("application/x-www-form-urlencoded"), "Content-Length", List.of("13")),
                FORM_BODY.getBytes(StandardCharsets.UTF_8), SUITE_KEY);

        String creq = String.join("\n", "POST", "/", "", "content-type:application/x-www-form-urlencoded",
                "host:example.amazonaws.com", "x-amz-content-sha256:" + FORM_SHA256, "x-amz-date:20150830T123600Z",
                "", "content-type;host;x-amz-content-sha256;x-amz-date", FORM_SHA256);
        assertThat(added.get("x-amz-content-sha256")).isEqualTo(FORM_SHA256);
        assertThat(added.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + SCOPE
                + ", SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature="
                + signature(creq, SCOPE));
    }

    @Test
    void shouldSignTheSessionTokenIn() {
        AwsKey key = new AwsKey("us-east-1", KEY_ID, SECRET, "session-token-value");
        Map<String, String> added = suiteSigner.sign("GET", URI.create("https://example.amazonaws.com/"), Map.of(),
                null, key);

        assertThat(added.get("X-Amz-Security-Token")).isEqualTo("session-token-value");
        String creq = String.join("\n", "GET", "/", "", "host:example.amazonaws.com",
                "x-amz-content-sha256:" + EMPTY_SHA256, "x-amz-date:20150830T123600Z",
                "x-amz-security-token:session-token-value", "",
                "host;x-amz-content-sha256;x-amz-date;x-amz-security-token", EMPTY_SHA256);
        assertThat(added.get("Authorization")).endsWith(
                "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, Signature="
                        + signature(creq, SCOPE));
    }

    @Test
    void shouldDoubleEncodeABedrockModelIdInTheCanonicalPath() {
        SigV4Signer bedrock = new SigV4Signer(SigV4Signer.BEDROCK, SUITE_CLOCK);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> added = bedrock.sign("POST", URI.create(
                "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"),
                Map.of("content-type", List.of("application/json")), body, SUITE_KEY);

        String scope = "20150830/us-east-1/bedrock/aws4_request";
        String creq = String.join("\n", "POST", "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse", "",
                "content-type:application/json", "host:bedrock-runtime.us-east-1.amazonaws.com",
                "x-amz-content-sha256:" + sha256Hex(body), "x-amz-date:20150830T123600Z", "",
                "content-type;host;x-amz-content-sha256;x-amz-date", sha256Hex(body));
        assertThat(added.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/" + scope
                + ", SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature="
                + signature(creq, scope));
    }

    @Test
    void shouldNotSignHopByHopOrClientManagedHeaders() {
        Map<String, String> plain = suiteSigner.sign("GET", URI.create("https://example.amazonaws.com/"), Map.of(),
                null, SUITE_KEY);
        Map<String, String> withNoise = suiteSigner.sign("GET", URI.create("https://example.amazonaws.com/"),
                Map.of("Connection", List.of("keep-alive"), "User-Agent", List.of("x"), "Host", List.of("evil"),
                        "Authorization", List.of("Bearer client-key")),
                null, SUITE_KEY);
        assertThat(withNoise).isEqualTo(plain);
    }

    @Test
    void shouldKeepKeyMaterialOutOfToStringAndExceptions() {
        AwsKey key = new AwsKey("us-east-1", KEY_ID, SECRET, "session-token-value");
        assertThat(key.toString()).doesNotContain(KEY_ID, SECRET, "session-token-value").contains("us-east-1");
        assertThat(suiteSigner.toString()).doesNotContain(KEY_ID, SECRET);

        assertThatThrownBy(() -> suiteSigner.sign("GET", URI.create("/relative"), Map.of(), null, key))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_ID, SECRET, "session-token-value"));
        assertThatThrownBy(() -> suiteSigner.sign("BREW", URI.create("https://example.amazonaws.com/"), Map.of(),
                null, key))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_ID, SECRET, "session-token-value"))
                .hasNoCause();
    }

    @Test
    void shouldReadTheKeyFromCredentialEntriesAndNameOnlyAMissingEntry() {
        var aws = new Credentials.AwsCredentials("eu-west-1", "aws-id", "aws-secret", "aws-token");
        AwsKey key = AwsKey.from(aws, Map.of("aws-id", KEY_ID, "aws-secret", SECRET + "\n", "aws-token", "t"));
        assertThat(key).isEqualTo(new AwsKey("eu-west-1", KEY_ID, SECRET, "t"));

        assertThatThrownBy(() -> AwsKey.from(aws, Map.of("aws-id", KEY_ID, "aws-token", "t")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("credential entry aws-secret is missing");
    }

    // --- reference computation (AWS General Reference, "Create a signature for an AWS API request") ---

    private static String signature(String canonicalRequest, String scope) {
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", AMZ_DATE, scope,
                sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String[] parts = scope.split("/");
        byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), parts[0]);
        key = hmac(key, parts[1]);
        key = hmac(key, parts[2]);
        key = hmac(key, parts[3]);
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
