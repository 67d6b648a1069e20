package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.aigateway.model.RateLimitStore;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where the proxy replicas of a gateway count the client keys' and rules' limits and budgets. */
@ValidationRule(value = "!has(self.type) || self.type == 'local' || has(self.address)",
        message = "a redis store needs an address, for example redis://redis.default.svc:6379")
@ValidationRule(value = "(has(self.type) && self.type == 'redis') || !(has(self.address) || has(self.database) "
        + "|| has(self.username) || has(self.usernameSecretRef) || has(self.passwordSecretRef) "
        + "|| has(self.failMode) || has(self.timeoutMillis))",
        message = "address, database, username, usernameSecretRef, passwordSecretRef, failMode and timeoutMillis "
                + "apply to type redis only")
@ValidationRule(value = "!(has(self.username) && has(self.usernameSecretRef))",
        message = "set username or usernameSecretRef, not both")
@ValidationRule(value = "!(has(self.username) || has(self.usernameSecretRef)) || has(self.passwordSecretRef)",
        message = "a Redis ACL user needs passwordSecretRef")
public class RateLimitStoreSpec {

    @SchemaFrom(type = RateLimitStoreType.class)
    @JsonPropertyDescription("local (the default): each proxy replica counts alone, so a limit holds per replica; "
            + "right for one replica and for aigw run. redis: the replicas share their counters in a Redis server "
            + "you run, so a limit holds across replicas.")
    private String type;

    @Size(max = 1024)
    @Pattern("^rediss?://[^@/?#\\s]+$")
    @JsonPropertyDescription("The Redis server: redis://host:port, or rediss://host:port for TLS (port 6379 when "
            + "left out). No user, password or database in the URL: they have fields of their own.")
    private String address;

    @Min(0)
    @Max(RateLimitStore.MAX_DATABASE)
    @JsonPropertyDescription("The Redis database number, 0 to 15. Default 0 (the only one a Redis Cluster has).")
    private Integer database;

    @Size(min = 1, max = 256)
    @JsonPropertyDescription("The Redis ACL user, when it is not a secret. Leave out both this and "
            + "usernameSecretRef for Redis's default user.")
    private String username;

    @JsonPropertyDescription("Secret key holding the Redis ACL user, instead of username.")
    private SecretKeyRef usernameSecretRef;

    @JsonPropertyDescription("Secret key holding the Redis password (requirepass, or the ACL user's password). The "
            + "operator copies it into the gateway's credentials Secret; it never appears in the routing ConfigMap "
            + "or a status. Leave out for a Redis without AUTH.")
    private SecretKeyRef passwordSecretRef;

    @SchemaFrom(type = RateLimitStore.FailMode.class)
    @JsonPropertyDescription("What the proxies do while Redis cannot be reached in time: open (the default) serves "
            + "and counts in each replica's memory until Redis is back, so limits hold per replica meanwhile; "
            + "closed answers 503 to the requests that have a limit or budget to check.")
    private String failMode;

    @Min(RateLimitStore.MIN_TIMEOUT_MILLIS)
    @Max(RateLimitStore.MAX_TIMEOUT_MILLIS)
    @JsonPropertyDescription("How long a proxy waits for one Redis call before it counts as failed (then failMode "
            + "applies), in milliseconds, 10 to 10000. Default 250.")
    private Integer timeoutMillis;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public Integer getDatabase() {
        return database;
    }

    public void setDatabase(Integer database) {
        this.database = database;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public SecretKeyRef getUsernameSecretRef() {
        return usernameSecretRef;
    }

    public void setUsernameSecretRef(SecretKeyRef usernameSecretRef) {
        this.usernameSecretRef = usernameSecretRef;
    }

    public SecretKeyRef getPasswordSecretRef() {
        return passwordSecretRef;
    }

    public void setPasswordSecretRef(SecretKeyRef passwordSecretRef) {
        this.passwordSecretRef = passwordSecretRef;
    }

    public String getFailMode() {
        return failMode;
    }

    public void setFailMode(String failMode) {
        this.failMode = failMode;
    }

    public Integer getTimeoutMillis() {
        return timeoutMillis;
    }

    public void setTimeoutMillis(Integer timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }
}
