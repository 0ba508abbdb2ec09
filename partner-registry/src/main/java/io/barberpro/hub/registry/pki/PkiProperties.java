package io.barberpro.hub.registry.pki;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The hub's certificate authority and the partner edge's server certificate.
 *
 * @param masterKey                    base64 of a 256-bit AES key that seals every private key at rest; wins over
 *                                     {@code masterKeyFile}. Cluster nodes must share it.
 * @param masterKeyFile                file holding the base64 master key when {@code masterKey} is unset;
 *                                     generated (mode 0600) on first start if absent
 * @param caSubject                    distinguished name of the hub CA, used only when the CA is first generated
 * @param caValidity                   lifetime of a newly generated hub CA
 * @param clientCertificateValidity    lifetime of partner client certificates
 * @param serverCertificateValidity    lifetime of the edge server certificate issued by the hub CA; re-issued at
 *                                     start when less than a tenth of it is left
 * @param serverNames                  extra DNS names or IP addresses for the edge server certificate
 *                                     ({@code localhost} and {@code 127.0.0.1} are always included)
 * @param serverKeystore               optional PKCS#12 keystore with the edge server key and chain; when set, the
 *                                     edge presents it instead of a hub-CA-issued certificate
 * @param serverKeystorePassword       password of {@code serverKeystore}
 * @param maxCrlSize                   largest revocation list a partner may publish for its client CA (a DER entry
 *                                     takes about 40 bytes, so 8 MB holds some 200,000 revoked certificates)
 * @param crlFetchInterval             a partner CA's list with a distribution point is fetched again this often
 * @param crlFetchRetry                ... and this often while the published list is past its nextUpdate
 * @param crlFetchTimeout              time limit of connecting to a distribution point, and of its answer
 */
@Validated
@ConfigurationProperties("hub.pki")
public record PkiProperties(String masterKey,
                            @NotNull @DefaultValue("./data/master.key") Path masterKeyFile,
                            @NotBlank @DefaultValue("CN=BarberPro Partner Hub CA,O=BarberPro") String caSubject,
                            @NotNull @DefaultValue("3650d") Duration caValidity,
                            @NotNull @DefaultValue("365d") Duration clientCertificateValidity,
                            @NotNull @DefaultValue("397d") Duration serverCertificateValidity,
                            @NotNull @DefaultValue List<String> serverNames,
                            Path serverKeystore,
                            String serverKeystorePassword,
                            @NotNull @DefaultValue("8MB") DataSize maxCrlSize,
                            @NotNull @DefaultValue("15m") Duration crlFetchInterval,
                            @NotNull @DefaultValue("1m") Duration crlFetchRetry,
                            @NotNull @DefaultValue("10s") Duration crlFetchTimeout) {

    @AssertTrue(message = "hub.pki validities must be positive, and client and server certificates cannot outlive the CA")
    public boolean isConsistent() {
        return positive(caValidity) && positive(clientCertificateValidity) && positive(serverCertificateValidity)
                && clientCertificateValidity.compareTo(caValidity) <= 0 && serverCertificateValidity.compareTo(caValidity) <= 0;
    }

    @AssertTrue(message = "hub.pki.crl-fetch-interval, crl-fetch-retry and crl-fetch-timeout must be positive")
    public boolean isCrlFetchPositive() {
        return positive(crlFetchInterval) && positive(crlFetchRetry) && positive(crlFetchTimeout);
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
