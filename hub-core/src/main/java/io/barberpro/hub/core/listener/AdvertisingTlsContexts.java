package io.barberpro.hub.core.listener;

import io.netty.handler.ssl.SslContext;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.tcp.SslProvider;

/**
 * The edge's TLS context for each new connection, naming in its CertificateRequest the hub's CAs and every CA
 * partners have registered. OpenSSL fixes that list when a context is built, so a new context is built, off the
 * event loops, once the registered CAs change; handshakes that start meanwhile wait for it. Connections already
 * open keep the context they started with. Installed as Reactor Netty's SNI mapping, which runs for every
 * connection whatever server name it asks for (or none).
 */
final class AdvertisingTlsContexts implements AsyncMapping<String, SslProvider> {

    /**
     * TLS carries the names in one vector of at most 2^16-1 bytes, each name with a two-byte length (RFC 8446
     * §4.2.4, RFC 5246 §7.4.4); a longer list would fail every handshake.
     */
    static final int MAX_NAMES_BYTES = 65_535;

    private static final Logger log = LoggerFactory.getLogger(AdvertisingTlsContexts.class);

    /** A context and the registered-CA list instance it was built from. */
    private record Built(List<X509Certificate> registered, SslProvider provider) {
    }

    private final List<X509Certificate> hubCas;
    private final Supplier<List<X509Certificate>> registered;
    private final Function<List<X509Certificate>, SslContext> contexts;
    private final Executor builder;
    private final AtomicReference<CompletableFuture<Built>> current;

    /**
     * @param contexts builds a context advertising the given CAs
     * @param builder  where contexts are rebuilt: not an event loop
     */
    AdvertisingTlsContexts(List<X509Certificate> hubCas, Supplier<List<X509Certificate>> registered,
                           Function<List<X509Certificate>, SslContext> contexts, Executor builder) {
        this.hubCas = List.copyOf(hubCas);
        this.registered = registered;
        this.contexts = contexts;
        this.builder = builder;
        this.current = new AtomicReference<>(CompletableFuture.completedFuture(build(registered.get())));
    }

    /** The context built at start; Reactor Netty needs one up front. */
    SslContext initial() {
        return current.get().join().provider().getSslContext();
    }

    @Override
    public Future<SslProvider> map(String serverName, Promise<SslProvider> promise) {
        List<X509Certificate> now = registered.get();
        CompletableFuture<Built> latest = current.get();
        Built built = latest.getNow(null);
        if (built != null && built.registered() == now) {
            return promise.setSuccess(built.provider());
        }
        if (built != null) {
            CompletableFuture<Built> next = new CompletableFuture<>();
            if (current.compareAndSet(latest, next)) {
                builder.execute(() -> next.complete(rebuild(now, built)));
            }
            latest = current.get();
        }
        latest.thenAccept(ready -> promise.trySuccess(ready.provider()));
        return promise;
    }

    private Built rebuild(List<X509Certificate> now, Built previous) {
        try {
            return build(now);
        } catch (RuntimeException e) {
            log.error("Cannot rebuild the partner edge TLS context for {} registered CAs; the previous one stays",
                    now.size(), e);
            return new Built(now, previous.provider());
        }
    }

    private Built build(List<X509Certificate> registeredCas) {
        SslContext context = contexts.apply(advertised(hubCas, registeredCas));
        return new Built(registeredCas, SslProvider.builder().sslContext(context).build());
    }

    /**
     * The hub's CAs, then the registered ones, each name once, as many as the TLS limit on the list allows.
     * Which certificate a client offers depends only on the names, so two CAs of one name need one entry.
     */
    static List<X509Certificate> advertised(List<X509Certificate> hubCas, List<X509Certificate> registeredCas) {
        List<X509Certificate> candidates = new ArrayList<>(hubCas);
        candidates.addAll(registeredCas);
        Set<X500Principal> names = new HashSet<>();
        List<X509Certificate> advertised = new ArrayList<>();
        int bytes = 0;
        int leftOut = 0;
        for (X509Certificate ca : candidates) {
            X500Principal name = ca.getSubjectX500Principal();
            if (!names.add(name)) {
                continue;
            }
            int size = 2 + name.getEncoded().length;
            if (bytes + size > MAX_NAMES_BYTES) {
                leftOut++;
                continue;
            }
            bytes += size;
            advertised.add(ca);
        }
        if (leftOut > 0) {
            log.warn("The partner edge names {} CAs in its certificate request; {} more do not fit in TLS's {} bytes. "
                    + "Their partners' clients must be set to send their certificate unasked", advertised.size(),
                    leftOut, MAX_NAMES_BYTES);
        }
        return List.copyOf(advertised);
    }
}
