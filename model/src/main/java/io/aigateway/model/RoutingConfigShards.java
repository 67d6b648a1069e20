package io.aigateway.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A routing config too large for one ConfigMap, written as shards and a manifest. The config's JSON, gzipped, is cut
 * into shards of at most {@link #SHARD_BYTES}; each shard is a ConfigMap named after the digest of its bytes, so a
 * new revision never overwrites the shards of the one being served. The ConfigMap {@code <gateway>-routing} holds the
 * manifest, written last: the shards in order with their digests. A reader assembles a revision only once every
 * shard the manifest lists is there with its digest, so it never sees a partial write or a mix of two revisions.
 */
public final class RoutingConfigShards {

    /** The data key of {@code <gateway>-routing} that holds the manifest, in place of {@code routing.json}. */
    public static final String MANIFEST_KEY = "manifest.json";
    /** The binaryData key of a shard ConfigMap. */
    public static final String SHARD_KEY = "routing.json.gz";
    /** Bytes of gzipped config in one shard: a quarter of the 1 MiB an object may hold. */
    public static final int SHARD_BYTES = 256 * 1024;
    /** The most shards one gateway's config may take: 4 MiB gzipped. */
    public static final int MAX_SHARDS = 16;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private RoutingConfigShards() {
    }

    /**
     * What {@code <gateway>-routing} lists when the config is sharded.
     *
     * @param revision the revision of the config the shards assemble to
     * @param shards in the order their bytes are joined
     */
    public record Manifest(String revision, List<Shard> shards) {

        public Manifest {
            Checks.requireText(revision, "revision");
            shards = Checks.listOrEmpty(shards);
            if (shards.isEmpty()) {
                throw new IllegalArgumentException("a manifest lists at least one shard");
            }
        }

        public String toJson() {
            try {
                return MAPPER.writeValueAsString(this);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("manifest could not be serialised", e);
            }
        }

        /** @throws IllegalArgumentException naming what is wrong */
        public static Manifest fromJson(String json) {
            try {
                return MAPPER.readValue(json, Manifest.class);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("manifest is invalid: " + e.getOriginalMessage(), e);
            }
        }
    }

    /** One shard: the ConfigMap that holds it and the SHA-256 of its bytes, in hex. */
    public record Shard(String name, String sha256) {
        public Shard {
            Checks.requireText(name, "name");
            Checks.requireText(sha256, "sha256");
        }
    }

    /** The config's bytes gzipped and cut into shards, in order. */
    public static List<byte[]> split(String json) {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory", e);
        }
        byte[] all = zipped.toByteArray();
        List<byte[]> shards = new ArrayList<>();
        for (int from = 0; from < all.length; from += SHARD_BYTES) {
            shards.add(Arrays.copyOfRange(all, from, Math.min(all.length, from + SHARD_BYTES)));
        }
        return shards;
    }

    /** The manifest of {@code shards} (as {@link #split} made them) for a gateway's config of {@code revision}. */
    public static Manifest manifest(String gateway, String revision, List<byte[]> shards) {
        return new Manifest(revision, shards.stream()
                .map(bytes -> {
                    String digest = sha256(bytes);
                    return new Shard(GatewayNames.routingShardName(gateway, digest), digest);
                })
                .toList());
    }

    /**
     * The config's JSON from the shards a manifest lists, or an exception saying which shard is missing or not the
     * one listed; never a config made of anything else.
     *
     * @param shardsByName the shards at hand, by ConfigMap name
     * @throws IncompleteException when a listed shard is absent or its digest differs
     */
    public static String assemble(Manifest manifest, Map<String, byte[]> shardsByName) {
        List<InputStream> parts = new ArrayList<>();
        for (Shard shard : manifest.shards()) {
            byte[] bytes = shardsByName.get(shard.name());
            if (bytes == null) {
                throw new IncompleteException("shard " + shard.name() + " is missing");
            }
            if (!sha256(bytes).equals(shard.sha256())) {
                throw new IncompleteException("shard " + shard.name() + " does not have the digest the manifest "
                        + "lists");
            }
            parts.add(new ByteArrayInputStream(bytes));
        }
        try (InputStream json = new GZIPInputStream(new SequenceInputStream(Collections.enumeration(parts)))) {
            return new String(json.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IncompleteException("the shards do not unzip: " + e.getMessage());
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The shards a manifest lists are not all there, or not as listed: the revision cannot be assembled yet. */
    public static final class IncompleteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IncompleteException(String message) {
            super(message);
        }
    }
}
