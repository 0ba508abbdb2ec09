package io.barberpro.hub.registry.oauth;

import static io.barberpro.hub.registry.admin.AdminRequests.actor;
import static io.barberpro.hub.registry.admin.AdminRequests.blocking;
import static io.barberpro.hub.registry.admin.AdminRequests.uuid;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.admin.AdminRequests;
import io.barberpro.hub.registry.admin.FieldErrors;
import io.barberpro.hub.registry.api.TrustedIdp;
import io.barberpro.hub.registry.audit.Actor;
import io.barberpro.hub.registry.audit.JdbcAuditLog;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.partner.JdbcPartnerRepository;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Admin routes of the OAuth side: a partner's OAuth clients (secret shown once), its trusted IdP,
 * and signing-key rotation.
 */
public class OAuthAdminHandler {

    private final OAuthClientService clients;
    private final TrustedIdpService trustedIdps;
    private final TokenSigningKeys signingKeys;
    private final JdbcPartnerRepository partners;
    private final JdbcAuditLog audit;
    private final RegistryChanges changes;
    private final AdminRequests requests;

    public OAuthAdminHandler(OAuthClientService clients, TrustedIdpService trustedIdps, TokenSigningKeys signingKeys,
                             JdbcPartnerRepository partners, JdbcAuditLog audit, RegistryChanges changes,
                             AdminRequests requests) {
        this.clients = clients;
        this.trustedIdps = trustedIdps;
        this.signingKeys = signingKeys;
        this.partners = partners;
        this.audit = audit;
        this.changes = changes;
        this.requests = requests;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/admin/v1/partners/{id}/oauth-clients", this::createClient)
                .GET("/admin/v1/partners/{id}/oauth-clients", this::listClients)
                .DELETE("/admin/v1/partners/{id}/oauth-clients/{clientId}", this::revokeClient)
                .PUT("/admin/v1/partners/{id}/trusted-idp", this::setTrustedIdp)
                .GET("/admin/v1/partners/{id}/trusted-idp", this::getTrustedIdp)
                .DELETE("/admin/v1/partners/{id}/trusted-idp", this::removeTrustedIdp)
                .POST("/admin/v1/signing-keys/rotate", this::rotate)
                .GET("/admin/v1/signing-keys", this::signingKeys)
                .build();
    }

    Mono<ServerResponse> createClient(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        Actor actor = actor(request);
        return requests.optionalBody(request, NewOAuthClientRequest.class)
                .defaultIfEmpty(NewOAuthClientRequest.NO_SCOPES)
                .map(body -> scopes(body.scopes()))
                .flatMap(scopes -> blocking(() -> changes.apply(() -> {
                    CreatedOAuthClient created = clients.create(partnerId, scopes);
                    audit.record(actor, "oauth-client.created", OAuthClientService.KIND, created.clientId(), partnerId,
                            null, Map.of("clientId", created.clientId(), "scopes", created.scopes()));
                    return created;
                })))
                .flatMap(created -> ServerResponse
                        .created(URI.create("/admin/v1/partners/" + partnerId + "/oauth-clients/" + created.clientId()))
                        .cacheControl(CacheControl.noStore())
                        .bodyValue(created));
    }

    Mono<ServerResponse> listClients(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        return blocking(() -> {
            requirePartner(partnerId);
            return clients.list(partnerId).stream().map(OAuthClientSummary::of).toList();
        }).flatMap(list -> ServerResponse.ok().bodyValue(Map.of("items", list)));
    }

    Mono<ServerResponse> revokeClient(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        String clientId = request.pathVariable("clientId");
        Actor actor = actor(request);
        return blocking(() -> changes.apply(() -> {
            OAuthClientRecord before = clients.list(partnerId).stream()
                    .filter(c -> c.clientId().equals(clientId)).findFirst()
                    .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "Unknown OAuth client"));
            if (clients.revoke(partnerId, clientId)) {
                audit.record(actor, "oauth-client.revoked", OAuthClientService.KIND, clientId, partnerId,
                        OAuthClientSummary.of(before), Map.of("revoked", true));
            }
            return clientId;
        })).flatMap(done -> ServerResponse.noContent().build());
    }

    Mono<ServerResponse> setTrustedIdp(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        Actor actor = actor(request);
        return requests.body(request, TrustedIdpRequest.class)
                .map(OAuthAdminHandler::trustedIdp)
                .flatMap(idp -> blocking(() -> changes.apply(() -> {
                    TrustedIdp before = trustedIdps.find(partnerId).orElse(null);
                    trustedIdps.set(partnerId, idp);
                    audit.record(actor, "trusted-idp.set", "trusted-idp", partnerId.toString(), partnerId, before, idp);
                    return idp;
                })))
                .flatMap(idp -> ServerResponse.ok().bodyValue(idp));
    }

    Mono<ServerResponse> getTrustedIdp(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        return blocking(() -> {
            requirePartner(partnerId);
            return trustedIdps.find(partnerId)
                    .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "The partner trusts no IdP"));
        }).flatMap(idp -> ServerResponse.ok().bodyValue(idp));
    }

    Mono<ServerResponse> removeTrustedIdp(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        Actor actor = actor(request);
        return blocking(() -> changes.apply(() -> {
            TrustedIdp before = trustedIdps.find(partnerId)
                    .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "The partner trusts no IdP"));
            trustedIdps.remove(partnerId);
            audit.record(actor, "trusted-idp.removed", "trusted-idp", partnerId.toString(), partnerId, before, null);
            return partnerId;
        })).flatMap(done -> ServerResponse.noContent().build());
    }

    Mono<ServerResponse> rotate(ServerRequest request) {
        Actor actor = actor(request);
        return blocking(() -> {
            String previous = signingKeys.activeKey().getKeyID();
            String kid = signingKeys.rotate();
            changes.apply(() -> {
                audit.record(actor, "signing-key.rotated", "signing-key", kid, null, Map.of("kid", previous),
                        Map.of("kid", kid));
                return kid;
            });
            return kid;
        }).flatMap(kid -> ServerResponse.ok().bodyValue(signingKeysView()));
    }

    Mono<ServerResponse> signingKeys(ServerRequest request) {
        return ServerResponse.ok().bodyValue(signingKeysView());
    }

    private Map<String, Object> signingKeysView() {
        return Map.of("activeKid", signingKeys.activeKey().getKeyID(),
                "publishedKids", signingKeys.publicKeys().getKeys().stream().map(k -> k.getKeyID()).toList());
    }

    private static Set<String> scopes(List<String> scopes) {
        if (scopes == null) {
            return Set.of();
        }
        if (scopes.stream().anyMatch(s -> s == null)) {
            throw FieldErrors.single("scopes", "must not contain null");
        }
        return new LinkedHashSet<>(scopes);
    }

    private static TrustedIdp trustedIdp(TrustedIdpRequest body) {
        URI jwks = null;
        if (body.jwksUri() != null) {
            try {
                jwks = new URI(body.jwksUri());
            } catch (URISyntaxException e) {
                throw FieldErrors.single("jwksUri", "must be an absolute https (or http) URL");
            }
        }
        TrustedIdp idp = new TrustedIdp(body.issuer(), jwks, body.audience());
        TrustedIdpService.validate(idp);
        return idp;
    }

    private void requirePartner(UUID partnerId) {
        if (partners.find(partnerId).isEmpty()) {
            throw new HubProblemException(HubError.NOT_FOUND, "Unknown partner");
        }
    }
}
