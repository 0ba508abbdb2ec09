package io.barberpro.hub.registry.lookup;

/**
 * Contributes registry data to the in-memory {@link CredentialIndex}. Every bean of this type is
 * called on every rebuild (at start-up, after each committed registry change and whenever the
 * cluster-wide change version moves).
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Read everything the index needs from PostgreSQL with Spring JDBC ({@code JdbcClient} /
 *   {@code JdbcTemplate}) on the calling thread: the rebuild runs inside one read-only
 *   {@code REPEATABLE READ} transaction, so all sources see the same snapshot as the change version
 *   the index is labelled with.</li>
 *   <li>Include revoked and expired credentials: the lookup must report them as {@code REVOKED} /
 *   {@code EXPIRED}, not as unknown.</li>
 *   <li>Never put a secret into the builder; certificates go in by SHA-256 fingerprint
 *   ({@link CredentialIndex.Builder#clientCertificate}), OAuth clients by client id
 *   ({@link CredentialIndex.Builder#oauthClient}), trusted IdPs by partner
 *   ({@link CredentialIndex.Builder#trustedIdp}), partner client CAs as public certificates
 *   ({@link CredentialIndex.Builder#partnerClientCa}).</li>
 *   <li>Code that changes such data must call {@link RegistryChanges#markChanged()} inside its
 *   transaction, so every node rebuilds after the commit.</li>
 * </ul>
 * The registry implements the partner and API-key sources; the PKI/OAuth part of the registry
 * implements the certificate, partner-client-CA, OAuth-client and trusted-IdP sources.
 */
public interface CredentialSource {

    void loadInto(CredentialIndex.Builder builder);
}
