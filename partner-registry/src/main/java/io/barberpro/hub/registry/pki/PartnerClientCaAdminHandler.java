package io.barberpro.hub.registry.pki;

import static io.barberpro.hub.registry.admin.AdminRequests.actor;
import static io.barberpro.hub.registry.admin.AdminRequests.blocking;
import static io.barberpro.hub.registry.admin.AdminRequests.uuid;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import io.barberpro.hub.registry.admin.AdminRequests;
import io.barberpro.hub.registry.admin.FieldErrors;
import io.barberpro.hub.registry.audit.Actor;
import io.barberpro.hub.registry.audit.JdbcAuditLog;
import io.barberpro.hub.registry.lookup.RegistryChanges;
import io.barberpro.hub.registry.partner.JdbcPartnerRepository;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/v1/partners/{id}/client-cas}: register, list and remove a partner's own client-certificate CAs,
 * publish, show and withdraw the revocation list (CRL) of each, and set or remove the distribution point the
 * hub fetches that list from.
 */
public class PartnerClientCaAdminHandler {

    static final String TARGET = "client-ca";
    /** RFC 2585's media type of a CRL; DER, and PEM is accepted too, as the JDK's parser reads both. */
    static final MediaType PKIX_CRL = MediaType.parseMediaType("application/pkix-crl");

    private final PartnerClientCaService cas;
    private final JdbcPartnerRepository partners;
    private final JdbcAuditLog audit;
    private final RegistryChanges changes;
    private final AdminRequests requests;
    private final DataSize maxCrlSize;
    private final CrlDownloader downloader;

    PartnerClientCaAdminHandler(PartnerClientCaService cas, JdbcPartnerRepository partners, JdbcAuditLog audit,
                                RegistryChanges changes, AdminRequests requests, DataSize maxCrlSize,
                                CrlDownloader downloader) {
        this.cas = cas;
        this.partners = partners;
        this.audit = audit;
        this.changes = changes;
        this.requests = requests;
        this.maxCrlSize = maxCrlSize;
        this.downloader = downloader;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/admin/v1/partners/{id}/client-cas", this::register)
                .GET("/admin/v1/partners/{id}/client-cas", this::list)
                .DELETE("/admin/v1/partners/{id}/client-cas/{caId}", this::remove)
                .PUT("/admin/v1/partners/{id}/client-cas/{caId}/crl", this::publishCrl)
                .GET("/admin/v1/partners/{id}/client-cas/{caId}/crl", this::showCrl)
                .DELETE("/admin/v1/partners/{id}/client-cas/{caId}/crl", this::withdrawCrl)
                .PUT("/admin/v1/partners/{id}/client-cas/{caId}/crl-source", this::setCrlSource)
                .DELETE("/admin/v1/partners/{id}/client-cas/{caId}/crl-source", this::removeCrlSource)
                .build();
    }

    Mono<ServerResponse> register(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        Actor actor = actor(request);
        return requests.body(request, NewClientCaRequest.class)
                .flatMap(body -> blocking(() -> changes.apply(() -> {
                    PartnerClientCaRecord registered = cas.register(partnerId, body);
                    audit.record(actor, "client-ca.registered", TARGET, registered.id().toString(), partnerId, null,
                            registered);
                    return registered;
                })))
                .flatMap(registered -> ServerResponse
                        .created(URI.create("/admin/v1/partners/" + partnerId + "/client-cas/" + registered.id()))
                        .bodyValue(registered));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        return blocking(() -> {
            if (partners.find(partnerId).isEmpty()) {
                throw new HubProblemException(HubError.NOT_FOUND, "Unknown partner");
            }
            return cas.list(partnerId);
        }).flatMap(list -> ServerResponse.ok().bodyValue(Map.of("items", list)));
    }

    Mono<ServerResponse> remove(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        UUID caId = uuid(request, "caId");
        Actor actor = actor(request);
        return blocking(() -> changes.apply(() -> {
            PartnerClientCaRecord before = cas.find(partnerId, caId)
                    .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "Unknown client CA"));
            if (cas.remove(partnerId, caId)) {
                audit.record(actor, "client-ca.removed", TARGET, caId.toString(), partnerId, before, null);
            }
            return caId;
        })).flatMap(done -> ServerResponse.noContent().build());
    }

    Mono<ServerResponse> publishCrl(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        UUID caId = uuid(request, "caId");
        Actor actor = actor(request);
        return requests.binaryBody(request, PKIX_CRL, maxCrlSize)
                .flatMap(body -> blocking(() -> changes.apply(() -> {
                    ClientCaCrlRecord published = cas.publishCrl(partnerId, caId, body).crl();
                    audit.record(actor, "client-ca.crl-published", TARGET, caId.toString(), partnerId, null, published);
                    return published;
                })))
                .flatMap(published -> ServerResponse.ok().bodyValue(published));
    }

    Mono<ServerResponse> showCrl(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        UUID caId = uuid(request, "caId");
        return blocking(() -> {
            PartnerClientCaRecord ca = cas.find(partnerId, caId)
                    .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "Unknown client CA"));
            if (ca.crl() == null) {
                throw new HubProblemException(HubError.NOT_FOUND, "No CRL is published for this client CA");
            }
            return ca.crl();
        }).flatMap(crl -> ServerResponse.ok().bodyValue(crl));
    }

    Mono<ServerResponse> withdrawCrl(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        UUID caId = uuid(request, "caId");
        Actor actor = actor(request);
        return blocking(() -> changes.apply(() -> {
            ClientCaCrlRecord before = cas.find(partnerId, caId)
                    .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "Unknown client CA")).crl();
            if (before == null || !cas.withdrawCrl(partnerId, caId)) {
                throw new HubProblemException(HubError.NOT_FOUND, "No CRL is published for this client CA");
            }
            audit.record(actor, "client-ca.crl-withdrawn", TARGET, caId.toString(), partnerId, before, null);
            return caId;
        })).flatMap(done -> ServerResponse.noContent().build());
    }

    /** Fetches once before anything is kept, so a wrong URL is an answer to this call, not a later log line. */
    Mono<ServerResponse> setCrlSource(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        UUID caId = uuid(request, "caId");
        Actor actor = actor(request);
        return requests.body(request, NewCrlSourceRequest.class)
                .flatMap(body -> blocking(() -> {
                    URI url = crlSourceUrl(body);
                    if (cas.find(partnerId, caId).isEmpty()) {
                        throw new HubProblemException(HubError.NOT_FOUND, "Unknown client CA");
                    }
                    byte[] firstList;
                    try {
                        firstList = downloader.download(url);
                    } catch (CrlDownloader.CrlDownloadException e) {
                        throw FieldErrors.single("url", "gave no CRL: " + e.getMessage());
                    }
                    return changes.apply(() -> {
                        PartnerClientCaRecord updated = cas.setCrlSource(partnerId, caId, url, firstList);
                        audit.record(actor, "client-ca.crl-source-set", TARGET, caId.toString(), partnerId, null,
                                updated.crlSource());
                        return updated;
                    });
                }))
                .flatMap(updated -> ServerResponse.ok().bodyValue(updated));
    }

    Mono<ServerResponse> removeCrlSource(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        UUID caId = uuid(request, "caId");
        Actor actor = actor(request);
        return blocking(() -> changes.apply(() -> {
            ClientCaCrlSourceRecord before = cas.find(partnerId, caId)
                    .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "Unknown client CA")).crlSource();
            if (before == null || !cas.removeCrlSource(partnerId, caId)) {
                throw new HubProblemException(HubError.NOT_FOUND, "This client CA has no CRL source");
            }
            audit.record(actor, "client-ca.crl-source-removed", TARGET, caId.toString(), partnerId, before, null);
            return caId;
        })).flatMap(done -> ServerResponse.noContent().build());
    }

    private static URI crlSourceUrl(NewCrlSourceRequest body) {
        FieldErrors errors = new FieldErrors();
        if (!errors.required("url", body.url())) {
            errors.throwIfAny();
        }
        URI url;
        try {
            url = new URI(body.url());
        } catch (URISyntaxException e) {
            throw FieldErrors.single("url", "must be an absolute http or https URL");
        }
        String problem = CrlDownloader.problemWith(url);
        if (problem != null) {
            throw FieldErrors.single("url", problem);
        }
        return url;
    }
}
