package io.barberpro.hub.core.listener;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** The edge's TLS material as a test gives it: a key, its chain and the hub CAs to name. */
record FixedEdgeTlsMaterial(PrivateKey serverKey, List<X509Certificate> serverCertificateChain,
                            List<X509Certificate> advertisedClientCertificateAuthorities) implements EdgeTlsMaterial {
}
