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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code /admin/v1/partners/{id}/certificates}: issue (from a CSR, or with a generated key returned
 * once as PKCS#12), list, revoke; {@code /admin/v1/pki/ca}: the hub CA certificate.
 */
public class CertificateAdminHandler {

    static final String TARGET = "client-certificate";
    private static final int MAX_REASON = 500;

    private final ClientCertificateService certificates;
    private final JdbcPartnerRepository partners;
    private final JdbcAuditLog audit;
    private final RegistryChanges changes;
    private final AdminRequests requests;

    public CertificateAdminHandler(ClientCertificateService certificates, JdbcPartnerRepository partners,
                                   JdbcAuditLog audit, RegistryChanges changes, AdminRequests requests) {
        this.certificates = certificates;
        this.partners = partners;
        this.audit = audit;
        this.changes = changes;
        this.requests = requests;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .POST("/admin/v1/partners/{id}/certificates", this::issue)
                .GET("/admin/v1/partners/{id}/certificates", this::list)
                .DELETE("/admin/v1/partners/{id}/certificates/{certificateId}", this::revoke)
                .GET("/admin/v1/pki/ca", this::ca)
                .build();
    }

    Mono<ServerResponse> issue(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        Actor actor = actor(request);
        return requests.optionalBody(request, NewCertificateRequest.class)
                .defaultIfEmpty(NewCertificateRequest.GENERATE_KEY)
                .flatMap(body -> blocking(() -> changes.apply(() -> {
                    boolean fromCsr = body.csrPem() != null;
                    IssuedCertificate issued = fromCsr ? certificates.issueFromCsr(partnerId, body.csrPem())
                            : certificates.issueWithGeneratedKey(partnerId);
                    Map<String, Object> after = new LinkedHashMap<>();
                    after.put("serialHex", issued.serialHex());
                    after.put("sha256Fingerprint", issued.sha256Fingerprint());
                    after.put("notAfter", issued.notAfter());
                    after.put("fromCsr", fromCsr);
                    audit.record(actor, "client-certificate.issued", TARGET, issued.id().toString(), partnerId, null,
                            after);
                    return issued;
                })))
                .flatMap(issued -> ServerResponse
                        .created(URI.create("/admin/v1/partners/" + partnerId + "/certificates/" + issued.id()))
                        .cacheControl(CacheControl.noStore())
                        .bodyValue(issued));
    }

    Mono<ServerResponse> list(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        return blocking(() -> {
            requirePartner(partnerId);
            return certificates.list(partnerId);
        }).flatMap(list -> ServerResponse.ok().bodyValue(Map.of("items", list)));
    }

    Mono<ServerResponse> revoke(ServerRequest request) {
        UUID partnerId = uuid(request, "id");
        UUID certificateId = uuid(request, "certificateId");
        String reason = request.queryParam("reason").orElse(null);
        if (reason != null && reason.length() > MAX_REASON) {
            return Mono.error(FieldErrors.single("reason", "must be at most " + MAX_REASON + " characters"));
        }
        Actor actor = actor(request);
        return blocking(() -> changes.apply(() -> {
            ClientCertificateRecord before = certificates.list(partnerId).stream()
                    .filter(c -> c.id().equals(certificateId)).findFirst()
                    .orElseThrow(() -> new HubProblemException(HubError.NOT_FOUND, "Unknown certificate"));
            String why = reason == null || reason.isBlank() ? "revoked by " + actor.name() : reason;
            if (certificates.revoke(partnerId, certificateId, why)) {
                audit.record(actor, "client-certificate.revoked", TARGET, certificateId.toString(), partnerId, before,
                        Map.of("revocationReason", why));
            }
            return certificateId;
        })).flatMap(done -> ServerResponse.noContent().build());
    }

    Mono<ServerResponse> ca(ServerRequest request) {
        HubCertificateAuthority ca = certificates.certificateAuthority();
        return ServerResponse.ok().bodyValue(Map.of("certificatePem", ca.certificatePem(),
                "sha256Fingerprint", ca.fingerprint(), "notAfter", ca.certificate().getNotAfter().toInstant()));
    }

    private void requirePartner(UUID partnerId) {
        if (partners.find(partnerId).isEmpty()) {
            throw new HubProblemException(HubError.NOT_FOUND, "Unknown partner");
        }
    }
}
