package io.barberpro.hub.registry.partner;

import java.util.UUID;

/**
 * Revokes one kind of partner credential when the partner is offboarded. Every bean of this type is
 * called inside the offboarding transaction, so either all credentials are revoked or none.
 * Implementations must also call {@code RegistryChanges.markChanged()} if they do not write through
 * registry code that does (offboarding marks the change itself, so joining its transaction is enough).
 */
public interface PartnerCredentialRevoker {

    /** e.g. {@code api-key}, {@code oauth-client}, {@code client-certificate}, {@code webhook-endpoint}. */
    String kind();

    /** @return how many credentials were revoked */
    int revokeAll(UUID partnerId, String reason);
}
