package io.aigateway.proxy.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Google's OAuth token endpoint and the service account it knows: a fresh RSA key, the service
 * account JSON key file with {@code token_uri} pointing here, and {@code POST /token} that takes the JWT-bearer
 * grant only when its assertion is signed by that key and names the account, the scope and Google's token audience,
 * as Google checks it. It issues {@code ya29.test-<n>} tokens living {@link #lifetime} by the test's clock;
 * {@link #valid} says whether a token is one of them and not expired, for the fake Vertex AI.
 */
public final class FakeGoogleTokens implements AutoCloseable {

    public static final String CLIENT_EMAIL = "gateway@test-project.iam.gserviceaccount.com";
    static final String KEY_ID = "3f1c0d3b9e8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e";
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** What an assertion's {@code aud} must be, wherever the token endpoint is reached: Google's documented value. */
    static final String AUDIENCE = "https://oauth2.googleapis.com/token";

    private final HttpServer server;
    private final KeyPair key;
    private final Clock clock;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    /** The tokens issued, oldest first, and the refusals given, as {@code status: reason}. */
    private final List<String> issued = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private volatile Duration lifetime = Duration.ofHours(1);
    private volatile boolean keyDeleted;

    private FakeGoogleTokens(HttpServer server, KeyPair key, Clock clock) {
        this.server = server;
        this.key = key;
        this.clock = clock;
    }

    /** @param clock the time tokens expire by: the proxy's, for a test that moves it */
    public static FakeGoogleTokens start(Vertx vertx, Clock clock) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        HttpServer server = vertx.createHttpServer();
        FakeGoogleTokens fake = new FakeGoogleTokens(server, key, clock);
        server.requestHandler(fake::handle);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return fake;
    }

    /** The service account's JSON key, as Google Cloud hands it out, its {@code token_uri} here. */
    public String serviceAccountJson() {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return new JsonObject()
                .put("type", "service_account")
                .put("project_id", "test-project")
                .put("private_key_id", KEY_ID)
                .put("private_key", pem)
                .put("client_email", CLIENT_EMAIL)
                .put("client_id", "104857600000000000001")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth")
                .put("token_uri", tokenUri())
                .encodePrettily();
    }

    public String tokenUri() {
        return "http://127.0.0.1:" + server.actualPort() + "/token";
    }

    /** How long the tokens issued from now on live. */
    public FakeGoogleTokens lifetime(Duration lifetime) {
        this.lifetime = lifetime;
        return this;
    }

    /** Whether the key was deleted from the account: Google then refuses every exchange (400 invalid_grant). */
    public FakeGoogleTokens keyDeleted(boolean deleted) {
        this.keyDeleted = deleted;
        return this;
    }

    /** Whether {@code token} was issued here and has not expired by the clock. */
    public boolean valid(String token) {
        Instant expiry = expiries.get(token);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    public List<String> issued() {
        return List.copyOf(issued);
    }

    public List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpServerRequest req) {
        req.body().onSuccess(body -> {
            String refusal = keyDeleted ? "400: Invalid JWT Signature." : check(req, body.toString(StandardCharsets.UTF_8));
            if (refusal != null) {
                refused.add(refusal);
                int status = Integer.parseInt(refusal.substring(0, 3));
                req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", "invalid_grant")
                                .put("error_description", refusal.substring(5)).encode());
                return;
            }
            String token = "ya29.test-" + (issued.size() + 1);
            issued.add(token);
            expiries.put(token, clock.instant().plus(lifetime));
            req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("access_token", token).put("expires_in", lifetime.toSeconds()).put("token_type", "Bearer")
                    .encode());
        });
    }

    /** Why Google would refuse this exchange; null for a good one. */
    private String check(HttpServerRequest req, String body) {
        if (!"POST".equals(req.method().name()) || !"/token".equals(req.path())) {
            return "404: Not found";
        }
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return "400: Invalid grant_type";
        }
        String[] jwt = form.getOrDefault("assertion", "").split("\\.");
        if (jwt.length != 3) {
            return "400: Invalid JWT";
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key.getPublic());
            rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                return "400: Invalid JWT Signature.";
            }
        } catch (Exception e) {
            return "400: Invalid JWT Signature.";
        }
        JsonObject header = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8));
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
        if (!"RS256".equals(header.getString("alg")) || !KEY_ID.equals(header.getString("kid"))) {
            return "400: Invalid JWT header";
        }
        if (!CLIENT_EMAIL.equals(claims.getString("iss")) || !AUDIENCE.equals(claims.getString("aud"))) {
            return "400: Invalid JWT: iss or aud";
        }
        if (!List.of(claims.getString("scope", "").split(" ")).contains(SCOPE)) {
            return "400: Invalid JWT: scope";
        }
        Long iat = claims.getLong("iat");
        Long exp = claims.getLong("exp");
        if (iat == null || exp == null || exp - iat > 3600 || exp <= iat) {
            return "400: Invalid JWT: Token must be a short-lived token (60 minutes)";
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
