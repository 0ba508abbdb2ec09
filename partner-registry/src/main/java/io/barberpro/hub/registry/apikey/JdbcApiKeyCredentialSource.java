package io.barberpro.hub.registry.apikey;

import io.barberpro.hub.registry.lookup.CredentialIndex;
import io.barberpro.hub.registry.lookup.CredentialSource;
import io.barberpro.hub.registry.lookup.IndexedCredential;
import io.barberpro.hub.registry.support.Sql;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Puts every API key (revoked and expired ones too) into the index by prefix and hash. */
public class JdbcApiKeyCredentialSource implements CredentialSource {

    private final JdbcClient jdbc;

    public JdbcApiKeyCredentialSource(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void loadInto(CredentialIndex.Builder builder) {
        jdbc.sql("select id, partner_id, prefix, key_hash, scopes, expires_at, revoked_at from api_keys")
                .query(rs -> {
                    builder.apiKey(rs.getString("prefix"), rs.getBytes("key_hash"), new IndexedCredential(
                            rs.getObject("partner_id", UUID.class), rs.getObject("id", UUID.class).toString(),
                            Set.copyOf(Sql.strings(rs, "scopes")), Sql.instant(rs, "expires_at"),
                            Sql.instant(rs, "revoked_at")));
                });
    }
}
