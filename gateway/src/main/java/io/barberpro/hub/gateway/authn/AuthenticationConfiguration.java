package io.barberpro.hub.gateway.authn;

import io.barberpro.hub.core.listener.EdgeTlsMaterial;
import io.barberpro.hub.core.web.ProblemWriter;
import io.barberpro.hub.gateway.HubGatewayProperties;
import io.barberpro.hub.gateway.RouteSettings;
import io.barberpro.hub.registry.api.CredentialLookup;
import io.barberpro.hub.registry.api.HubTokenKeys;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The authentication chain, in its documented order: mTLS, then JWT, then API key. */
@Configuration(proxyBeanMethods = false)
public class AuthenticationConfiguration {

    /** JWKS documents are small; anything larger is not one. */
    private static final int MAX_JWKS_BYTES = 256 * 1024;

    /** A bean so its responder threads stop with the context. */
    @Bean
    PartnerOcspCheck partnerOcspCheck(HubGatewayProperties properties, Clock clock, MeterRegistry meters) {
        return new PartnerOcspCheck(properties.mtls(), clock, meters);
    }

    @Bean
    AuthenticationFilter hubAuthenticationFilter(CredentialLookup lookup, ObjectProvider<HubTokenKeys> hubKeys,
                                                 ObjectProvider<EdgeTlsMaterial> tlsMaterial, Clock clock,
                                                 PartnerOcspCheck ocsp,
                                                 ObjectProvider<WebClient.Builder> webClients,
                                                 HubGatewayProperties properties, RouteSettings.Cache routes,
                                                 ProblemWriter problems, MeterRegistry meters) {
        WebClient webClient = webClients.getIfAvailable(WebClient::builder)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(MAX_JWKS_BYTES))
                .build();
        HubGatewayProperties.Jwt jwt = properties.jwt();
        HttpIdpJwksCache idpKeys = new HttpIdpJwksCache(webClient, clock, jwt.idpJwksTtl(),
                jwt.idpJwksMinRefreshInterval(), jwt.idpJwksTimeout());
        List<Authenticator> chain = List.of(
                new MtlsAuthenticator(lookup, tlsMaterial, clock, new PartnerCrlCheck(properties.mtls().staleCrl()),
                        ocsp),
                new JwtAuthenticator(lookup, hubKeys, idpKeys, clock, jwt),
                new ApiKeyAuthenticator(lookup));
        return new AuthenticationFilter(chain, routes, problems, properties.realm());
    }
}
