package io.barberpro.hub.registry.lookup;

import io.barberpro.hub.core.listener.RegisteredClientCas;
import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.api.PartnerClientCa;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The partner-registered CAs the edge names in its certificate request, from the in-memory index every node
 * follows, so each node's edge names a CA as soon as its index has it. Partners of any status are named: naming
 * a CA only tells a client which certificate to offer, and the gateway judges it.
 */
public final class IndexedRegisteredClientCas implements RegisteredClientCas {

    private record Mapped(List<PartnerClientCa> source, List<X509Certificate> certificates) {
    }

    private final CredentialLookup lookup;
    private volatile Mapped mapped = new Mapped(null, List.of());

    public IndexedRegisteredClientCas(CredentialLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public List<X509Certificate> certificates() {
        List<PartnerClientCa> cas = lookup.partnerClientCas();
        Mapped current = mapped;
        if (current.source() != cas) {
            List<X509Certificate> certificates = cas.stream().map(PartnerClientCa::certificate).toList();
            // the index is rebuilt for any registry change; the edge's TLS context only for a change of CAs
            current = new Mapped(cas, certificates.equals(current.certificates()) ? current.certificates() : certificates);
            mapped = current;
        }
        return current.certificates();
    }
}
