package io.barberpro.hub.gateway.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.barberpro.hub.registry.api.HubTokenKeys;

/** The hub's token keys as the registry will publish them: an EC P-256 key with a kid. */
public final class TestHubTokenKeys implements HubTokenKeys {

    public static final String ISSUER = "https://hub.barberpro.test";
    public static final String AUDIENCE = "barberpro-partner-api";

    private final ECKey signingKey;

    public TestHubTokenKeys() {
        try {
            this.signingKey = new ECKeyGenerator(Curve.P_256).keyID("hub-key-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public ECKey signingKey() {
        return signingKey;
    }

    @Override
    public JWKSet publicKeys() {
        return new JWKSet(signingKey.toPublicJWK());
    }

    @Override
    public String issuer() {
        return ISSUER;
    }

    @Override
    public String audience() {
        return AUDIENCE;
    }
}
