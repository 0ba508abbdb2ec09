package io.barberpro.hub.gateway.authn;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Partner IdPs' public keys, fetched over HTTP without blocking (WebClient), kept for a TTL, and
 * fetched again when a token names an unknown {@code kid} (the IdP rotated) — but at most once per
 * {@code minRefreshInterval} per IdP, so tokens with made-up kids cannot turn the gateway into a
 * traffic amplifier against a partner's IdP. Concurrent misses share one fetch.
 */
final class HttpIdpJwksCache {

    private static final Logger log = LoggerFactory.getLogger(HttpIdpJwksCache.class);

    /** {@code keys} null until the first successful fetch; {@code inflight} non-null while a fetch runs. */
    private record Entry(JWKSet keys, Instant fetchedAt, Instant lastAttempt, Mono<JWKSet> inflight) {
    }

    private final WebClient webClient;
    private final Clock clock;
    private final Duration ttl;
    private final Duration minRefreshInterval;
    private final Duration timeout;
    private final Map<URI, Entry> entries = new ConcurrentHashMap<>();

    HttpIdpJwksCache(WebClient webClient, Clock clock, Duration ttl, Duration minRefreshInterval, Duration timeout) {
        this.webClient = webClient;
        this.clock = clock;
        this.ttl = ttl;
        this.minRefreshInterval = minRefreshInterval;
        this.timeout = timeout;
    }

    /**
     * The key that may verify a token with this header; empty when the IdP publishes none. A JWKS may hold several
     * keys under one {@code kid} (of different types, RFC 7517 §4.5) and keys for encryption beside signing keys,
     * so the key is chosen by everything the header says: {@code kid} when present, the key type its algorithm
     * needs, a signing {@code use}/{@code key_ops}, and the JWK's own {@code alg} if it names one. A token without
     * a {@code kid} is verified only when exactly one key fits.
     */
    Mono<JWK> key(URI jwksUri, JWSHeader header) {
        Instant now = clock.instant();
        Entry entry = entries.get(jwksUri);
        if (entry != null && entry.keys() != null) {
            JWK key = find(entry.keys(), header);
            boolean fresh = entry.fetchedAt().plus(ttl).isAfter(now);
            if (key != null && fresh) {
                return Mono.just(key);
            }
            if (fresh && !mayRefresh(entry, now)) {
                return Mono.empty();
            }
        } else if (entry != null && !mayRefresh(entry, now)) {
            return Mono.empty();
        }
        return refresh(jwksUri).mapNotNull(keys -> find(keys, header));
    }

    private boolean mayRefresh(Entry entry, Instant now) {
        return entry.inflight() != null || !entry.lastAttempt().plus(minRefreshInterval).isAfter(now);
    }

    private Mono<JWKSet> refresh(URI jwksUri) {
        Entry updated = entries.compute(jwksUri, (uri, old) -> {
            if (old != null && old.inflight() != null) {
                return old;
            }
            Mono<JWKSet> fetch = fetch(uri, old).cache();
            return new Entry(old == null ? null : old.keys(), old == null ? Instant.EPOCH : old.fetchedAt(),
                    clock.instant(), fetch);
        });
        return updated.inflight();
    }

    private Mono<JWKSet> fetch(URI uri, Entry old) {
        return webClient.get().uri(uri).retrieve().bodyToMono(String.class)
                .timeout(timeout)
                .map(HttpIdpJwksCache::parsePublic)
                .doOnNext(keys -> entries.put(uri, new Entry(keys, clock.instant(), clock.instant(), null)))
                .onErrorResume(e -> {
                    log.warn("Cannot fetch partner IdP keys from {}: {}", uri, e.toString());
                    JWKSet previous = old == null ? null : old.keys();
                    entries.put(uri, new Entry(previous, old == null ? Instant.EPOCH : old.fetchedAt(),
                            clock.instant(), null));
                    return Mono.justOrEmpty(previous);
                });
    }

    private static JWKSet parsePublic(String json) {
        try {
            return JWKSet.parse(json).toPublicJWKSet();
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWK set", e);
        }
    }

    private static JWK find(JWKSet keys, JWSHeader header) {
        List<JWK> fitting = new JWKSelector(JWKMatcher.forJWSHeader(header)).select(keys);
        if (fitting.isEmpty() || (header.getKeyID() == null && fitting.size() > 1)) {
            return null;
        }
        return fitting.get(0);
    }
}
