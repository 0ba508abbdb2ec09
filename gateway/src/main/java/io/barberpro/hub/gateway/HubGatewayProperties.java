package io.barberpro.hub.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The partner edge's gateway behaviour. Routes themselves are Spring Cloud Gateway configuration
 * ({@code spring.cloud.gateway.server.webflux.routes}); per-route settings are route metadata keys
 * (see {@link io.barberpro.hub.gateway.RouteSettings}).
 *
 * @param realm          the realm named in {@code WWW-Authenticate} challenges: printable ASCII without {@code "} or
 *                       {@code \}, so it stays one quoted-string (RFC 9110 §11.2) that any client parses
 * @param trustedProxies CIDRs (IPv4 or IPv6) of proxies whose {@code X-Forwarded-*} / {@code Forwarded}
 *                       headers are believed; from anyone else those headers are replaced by the real peer
 * @param maxBodySize    request body limit of a route that sets no {@code hub-max-body-size}; also holds for
 *                       chunked bodies, which are buffered up to this size before the upstream sees them
 * @param responseBufferSize upstream responses with a {@code Content-Length} up to this size are read whole and
 *                       sent to the partner in one write (headers and body together, as nginx's
 *                       {@code proxy_buffering}); larger, chunked and streaming responses are streamed as they
 *                       arrive; {@code 0} streams every response with a body
 * @param accessLog      one logfmt line per request
 * @param mtls           client certificate checks
 * @param jwt            bearer token checks
 * @param rateLimit      per-partner rate limiting
 */
@Validated
@ConfigurationProperties("hub.gateway")
public record HubGatewayProperties(@NotBlank @Pattern(regexp = REALM) @DefaultValue("barberpro") String realm,
                                   @NotNull @DefaultValue List<String> trustedProxies,
                                   @NotNull @DefaultValue("1MB") DataSize maxBodySize,
                                   @NotNull @DefaultValue("64KB") DataSize responseBufferSize,
                                   @Valid @DefaultValue AccessLog accessLog,
                                   @Valid @DefaultValue Mtls mtls,
                                   @Valid @DefaultValue Jwt jwt,
                                   @Valid @DefaultValue RateLimit rateLimit) {

    /** Visible ASCII and space, without the two characters a quoted-string would have to escape. */
    static final String REALM = "[\\x20-\\x7E&&[^\"\\\\]]+";

    /**
     * @param enabled       write the access log at all
     * @param output        {@code stdout} (lines start with {@code ACCESS }, among the application's log lines) or the
     *                      path of a file the lines are appended to
     * @param flushInterval the writer thread writes queued lines this often, in one write (sooner when its queue is
     *                      half full); a line appears at most this late and carries its response's commit time
     * @param queueCapacity lines the writer may fall behind before further lines are dropped (and counted in
     *                      {@code hub.gateway.access.log.dropped}) instead of holding partner traffic
     */
    public record AccessLog(@DefaultValue("true") boolean enabled,
                            @NotBlank @DefaultValue("stdout") String output,
                            @NotNull @DefaultValue("50ms") Duration flushInterval,
                            @Min(2) @DefaultValue("8192") int queueCapacity) {
    }

    /**
     * @param staleCrl what a certificate of a partner CA meets once the CA's published revocation list is past its
     *                 {@code nextUpdate}: {@code refuse} (RFC 5280 §6.3.3: its status is then unknown; what nginx,
     *                 Envoy and OpenSSL do with an expired CRL) or {@code use-last} (the last list still revokes what
     *                 it names, and nothing else is refused)
     * @param ocsp     whether a certificate of a partner CA that names an OCSP responder by an http URI (RFC 6960, in its
     *                 authorityInfoAccess) is also checked there: {@code off}; {@code soft-fail}, where only a
     *                 {@code revoked} answer refuses it and an unreachable responder or an unusable answer lets it
     *                 through with a WARN (Kong's {@code IGNORE_CA_ERROR}, its default); or {@code hard-fail}, where
     *                 anything but a {@code good} answer refuses it. Certificates naming no responder are judged by
     *                 the CRL alone
     * @param ocspCacheTtl how long a responder's answer about a certificate is used before it is asked again
     * @param ocspRetryInterval how long, after no usable answer, before the responder is asked again about that
     *                          certificate
     * @param ocspTimeout  how long a request waits for the responder; past it there is no usable answer. It also
     *                     bounds the JDK's own connect and read waits ({@code com.sun.security.ocsp.timeout} and
     *                     {@code .readtimeout}, unless set on the command line; the JDK reads them once per JVM)
     * @param ocspConcurrency how many questions to responders may be open at once, on threads of their own; more
     *                     wait their turn within {@code ocspTimeout}. Responders that hang hold these threads only,
     *                     never the blocking pool the token endpoint and the admin API run on
     */
    public record Mtls(@NotNull @DefaultValue("refuse") StaleCrl staleCrl,
                       @NotNull @DefaultValue("soft-fail") Ocsp ocsp,
                       @NotNull @DefaultValue("5m") Duration ocspCacheTtl,
                       @NotNull @DefaultValue("30s") Duration ocspRetryInterval,
                       @NotNull @DefaultValue("3s") Duration ocspTimeout,
                       @Min(1) @DefaultValue("8") int ocspConcurrency) {

        public enum StaleCrl { REFUSE, USE_LAST }

        public enum Ocsp { OFF, SOFT_FAIL, HARD_FAIL }
    }

    /**
     * @param algorithms              accepted JWS algorithms; {@code none} and HMAC ({@code HS*}) are refused
     *                                even if listed, so a public key can never be used as an HMAC secret
     * @param clockSkew               leeway on {@code exp} and {@code nbf}
     * @param idpJwksTtl              how long a partner IdP's JWKS is used before it is fetched again
     * @param idpJwksMinRefreshInterval an unknown {@code kid} triggers a refetch at most this often per IdP,
     *                                so random kids cannot make the gateway hammer a partner's IdP
     * @param idpJwksTimeout          time limit of one JWKS fetch
     */
    public record Jwt(@NotEmpty @DefaultValue({"ES256", "ES384", "RS256", "PS256"}) List<String> algorithms,
                      @NotNull @DefaultValue("30s") Duration clockSkew,
                      @NotNull @DefaultValue("10m") Duration idpJwksTtl,
                      @NotNull @DefaultValue("30s") Duration idpJwksMinRefreshInterval,
                      @NotNull @DefaultValue("3s") Duration idpJwksTimeout) {
    }

    /**
     * @param mode                  {@code local}: in-memory buckets per node; {@code redis}: one budget per partner
     *                              shared by every node through Redis
     * @param redisUri              Redis for {@code mode=redis}
     * @param keyPrefix             prefix of the bucket keys in Redis
     * @param redisTimeout          time limit of one Redis round trip before the failure mode applies
     * @param redisFailureMode      what happens while Redis is unreachable
     * @param redisRetryInterval    while Redis is considered down, it is tried again this often
     * @param expectedNodes         number of gateway nodes; the fail-open fallback bucket of each node gets
     *                              {@code quota / expectedNodes} so the cluster as a whole stays within the plan
     * @param clockCalibrationInterval how often each node measures its clock's offset to Redis's {@code TIME},
     *                              so clock skew between nodes does not create tokens
     */
    public record RateLimit(@NotNull @DefaultValue("local") Mode mode,
                            @NotNull @DefaultValue("redis://127.0.0.1:6379") URI redisUri,
                            @NotBlank @DefaultValue("hub:rl:") String keyPrefix,
                            @NotNull @DefaultValue("250ms") Duration redisTimeout,
                            @NotNull @DefaultValue("fail-open") FailureMode redisFailureMode,
                            @NotNull @DefaultValue("1s") Duration redisRetryInterval,
                            @Min(1) @DefaultValue("1") int expectedNodes,
                            @NotNull @DefaultValue("10s") Duration clockCalibrationInterval) {

        public enum Mode { LOCAL, REDIS }

        public enum FailureMode { FAIL_OPEN, FAIL_CLOSED }
    }
}
