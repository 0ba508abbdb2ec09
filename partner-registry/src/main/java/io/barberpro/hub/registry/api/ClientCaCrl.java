package io.barberpro.hub.registry.api;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The certificate revocation list (RFC 5280) a partner published for one of its client CAs, as the edge
 * uses it: the serial numbers the CA revoked among the certificates it signed itself, and until when the
 * list is current. The registry accepted it only after checking the CA's signature on it.
 *
 * @param nextUpdate the CA's promise of a newer list by then; after it the list is stale (RFC 5280 §5.1.2.5)
 */
public record ClientCaCrl(Instant thisUpdate, Instant nextUpdate, Set<BigInteger> revokedSerials) {

    public ClientCaCrl {
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        revokedSerials = Set.copyOf(revokedSerials);
    }

    public boolean revokes(BigInteger serialNumber) {
        return revokedSerials.contains(serialNumber);
    }

    public boolean staleAt(Instant now) {
        return now.isAfter(nextUpdate);
    }
}
