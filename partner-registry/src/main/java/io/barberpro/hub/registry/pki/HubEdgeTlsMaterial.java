package io.barberpro.hub.registry.pki;

import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The edge's TLS identity: a hub-CA-issued server certificate, or one from a configured keystore. */
record HubEdgeTlsMaterial(PrivateKey serverKey, List<X509Certificate> serverCertificateChain,
                          List<X509Certificate> advertisedClientCertificateAuthorities) implements EdgeTlsMaterial {

    HubEdgeTlsMaterial {
        serverCertificateChain = List.copyOf(serverCertificateChain);
        advertisedClientCertificateAuthorities = List.copyOf(advertisedClientCertificateAuthorities);
    }

    /** The first key entry of a PKCS#12 keystore; partners are still asked for hub-CA client certificates. */
    static HubEdgeTlsMaterial fromKeystore(Path keystore, String password, HubCertificateAuthority ca) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, secret);
                    List<X509Certificate> chain = Arrays.stream(store.getCertificateChain(alias))
                            .map(X509Certificate.class::cast).toList();
                    return new HubEdgeTlsMaterial(key, chain, List.of(ca.certificate()));
                }
            }
            throw new IllegalStateException("hub.pki.server-keystore " + keystore + " holds no private key");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read hub.pki.server-keystore " + keystore, e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }
}
