package io.barberpro.hub.gateway.support;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.reactivestreams.Publisher;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** A partner's HTTP client: Reactor Netty over HTTPS (with or without a client certificate) or plain HTTP. */
public final class EdgeClient {

    /** {@code version} tells which protocol the edge answered with, so an HTTP/2 test cannot pass over HTTP/1.1. */
    public record Response(int status, HttpHeaders headers, String body, HttpVersion version) {
    }

    private final HttpClient client;

    private EdgeClient(HttpClient client) {
        this.client = client;
    }

    public static EdgeClient https(int port, TestPki pki, TestPki.Issued clientCertificate) {
        return clientCertificate == null ? https(port, pki.ca().certificate(), null)
                : https(port, pki.ca().certificate(), clientCertificate.keys().getPrivate(), clientCertificate.certificate());
    }

    public static EdgeClient https(int port, X509Certificate trustedCa, PrivateKey key, X509Certificate... chain) {
        try {
            SslContextBuilder ssl = SslContextBuilder.forClient().trustManager(trustedCa);
            if (key != null) {
                ssl.keyManager(key, chain);
            }
            return overHttps(port, ssl.build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * HTTPS presenting the client certificate whatever CAs the edge names in its certificate request, as curl
     * and OpenSSL do; the other clients here, like Java's and .NET's, offer it only for a CA the edge names.
     */
    public static EdgeClient httpsOfferingUnasked(int port, TestPki pki, TestPki.Issued clientCertificate) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "unasked".toCharArray();
            store.setKeyEntry("client", clientCertificate.keys().getPrivate(), password,
                    new X509Certificate[] {clientCertificate.certificate()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return overHttps(port, SslContextBuilder.forClient().trustManager(pki.ca().certificate())
                    .keyManager(new IssuerBlindKeyManager((X509ExtendedKeyManager) factory.getKeyManagers()[0]))
                    .build());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static EdgeClient overHttps(int port, SslContext context) {
        return new EdgeClient(HttpClient.create().baseUrl("https://localhost:" + port)
                .secure(spec -> spec.sslContext(context)));
    }

    /** Chooses its certificate as if the server had named no CA. */
    private static final class IssuerBlindKeyManager extends X509ExtendedKeyManager {

        private final X509ExtendedKeyManager delegate;

        IssuerBlindKeyManager(X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return delegate.chooseEngineClientAlias(keyType, null, engine);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseClientAlias(keyType, null, socket);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate.getClientAliases(keyType, null);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }

    /** HTTPS offering only {@code h2} by ALPN; requests share one connection, each on a stream of its own. */
    public static EdgeClient https2(int port, TestPki pki, TestPki.Issued clientCertificate) {
        Http2SslContextSpec ssl = Http2SslContextSpec.forClient().configure(builder -> {
            builder.trustManager(pki.ca().certificate());
            if (clientCertificate != null) {
                builder.keyManager(clientCertificate.keys().getPrivate(), clientCertificate.certificate());
            }
        });
        return new EdgeClient(HttpClient.create(ConnectionProvider.create("edge-h2", 1)).protocol(HttpProtocol.H2)
                .baseUrl("https://localhost:" + port).secure(spec -> spec.sslContext(ssl)));
    }

    public static EdgeClient http(int port) {
        return new EdgeClient(HttpClient.create().baseUrl("http://127.0.0.1:" + port));
    }

    /** A connection per request: concurrency is not capped by the shared pool (16 connections on 2 cores). */
    public static EdgeClient httpUnpooled(int port) {
        return new EdgeClient(HttpClient.newConnection().baseUrl("http://127.0.0.1:" + port));
    }

    public Response get(String path, Consumer<HttpHeaders> headers) {
        return send(HttpMethod.GET, path, headers, null);
    }

    public Response send(HttpMethod method, String path, Consumer<HttpHeaders> headers, Publisher<? extends ByteBuf> body) {
        HttpClient.RequestSender request = client.headers(headers).request(method).uri(path);
        // without a body nothing is sent, so a GET goes without Content-Length, as curl and browsers send it
        HttpClient.ResponseReceiver<?> exchange = body == null ? request : request.send(body);
        return exchange.responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                        .map(text -> new Response(response.status().code(), response.responseHeaders(), text, response.version())))
                .block(Duration.ofSeconds(15));
    }

    public static Publisher<ByteBuf> chunks(String... parts) {
        return ByteBufFlux.fromString(reactor.core.publisher.Flux.fromArray(parts));
    }
}
