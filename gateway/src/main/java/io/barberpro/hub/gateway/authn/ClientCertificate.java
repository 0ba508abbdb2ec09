package io.barberpro.hub.gateway.authn;

import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.SslInfo;
import reactor.netty.Connection;

/**
 * The certificate chain a client presented in its TLS handshake (leaf first) and the SHA-256 of its leaf's DER
 * encoding, also as lower-case hex (the registry's fingerprint). Worked out once per TLS session and kept on
 * the partner's connection: a partner sends many requests over one connection, and Spring's per-request
 * {@link SslInfo} would copy the session id and the chain for each of them, and the leaf be hashed again. The
 * session is compared on every request, so a connection's answer never outlives its session.
 */
record ClientCertificate(X509Certificate[] chain, byte[] sha256, String fingerprint) {

    private static final AttributeKey<Cached> CACHED = AttributeKey.valueOf(ClientCertificate.class, "cached");

    /** {@code certificate} is null for a session without a client certificate. */
    private record Cached(SSLSession session, ClientCertificate certificate) {
    }

    /** The request's client certificate, or null without one (or without TLS). */
    static ClientCertificate of(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        // an HTTP/2 stream's TLS is its connection's, and so is the cache: one per connection, not per stream
        Channel channel = nativeRequest instanceof Connection connection ? connectionOf(connection.channel()) : null;
        SslHandler tls = channel == null ? null : channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            // not a Reactor Netty connection with its own TLS: what the request says
            SslInfo ssl = request.getSslInfo();
            return ssl == null ? null : of(ssl.getPeerCertificates());
        }
        SSLSession session = tls.engine().getSession();
        Attribute<Cached> attribute = channel.attr(CACHED);
        Cached cached = attribute.get();
        if (cached == null || cached.session() != session) {
            cached = new Cached(session, of(session));
            attribute.set(cached);
        }
        return cached.certificate();
    }

    private static Channel connectionOf(Channel channel) {
        return channel instanceof Http2StreamChannel stream ? stream.parent() : channel;
    }

    private static ClientCertificate of(SSLSession session) {
        try {
            Certificate[] peer = session.getPeerCertificates();
            return of(Arrays.stream(peer).filter(X509Certificate.class::isInstance)
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new));
        } catch (SSLPeerUnverifiedException e) {
            // the client sent no certificate
            return null;
        }
    }

    private static ClientCertificate of(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return null;
        }
        byte[] sha256 = sha256(chain[0]);
        return new ClientCertificate(chain, sha256, HexFormat.of().formatHex(sha256));
    }

    private static byte[] sha256(X509Certificate certificate) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot fingerprint the client certificate", e);
        }
    }
}
