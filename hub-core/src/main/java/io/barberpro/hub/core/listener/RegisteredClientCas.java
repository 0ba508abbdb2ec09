package io.barberpro.hub.core.listener;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The client-certificate CAs partners have registered with the hub. The edge names them in its TLS
 * CertificateRequest beside the hub's own ({@link EdgeTlsMaterial#advertisedClientCertificateAuthorities()}),
 * because many clients (Java's and .NET's key managers, browsers) offer only a certificate whose issuer the
 * server names. Trust is not decided here: the gateway validates the chain after the handshake.
 */
public interface RegisteredClientCas {

    /**
     * Read for every new TLS connection, so it must answer from memory. It returns the same list instance until
     * the registered CAs change; the edge rebuilds its TLS context only when the instance changes.
     */
    List<X509Certificate> certificates();
}
