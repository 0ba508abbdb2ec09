package io.barberpro.hub.registry.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class ClientCertificateServiceIntegrationTest extends PkiIntegrationTest {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @Autowired
    ClientCertificateService certificates;

    @Autowired
    HubCertificateAuthority ca;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void generatedPkcs12ChainsToTheCaAccordingToOpenssl(@TempDir Path dir) throws Exception {
        UUID partner = insertActivePartner();

        IssuedCertificate issued = certificates.issueWithGeneratedKey(partner);

        Path p12 = dir.resolve("client.p12");
        Files.write(p12, Base64.getDecoder().decode(issued.pkcs12Base64()));
        Files.writeString(dir.resolve("ca.pem"), issued.caCertificatePem());
        String extracted = openssl(dir, "pkcs12", "-in", "client.p12", "-passin", "pass:" + issued.pkcs12Password(),
                "-nokeys", "-clcerts", "-out", "cert.pem");
        assertThat(extracted).doesNotContain("error");
        String info = openssl(dir, "pkcs12", "-in", "client.p12", "-passin", "pass:" + issued.pkcs12Password(),
                "-info", "-noout");
        assertThat(info).contains("MAC: sha256").contains("PBES2, PBKDF2, AES-256-CBC").contains("Shrouded Keybag");
        String verified = openssl(dir, "verify", "-purpose", "sslclient", "-CAfile", "ca.pem", "cert.pem");
        assertThat(verified.trim()).isEqualTo("cert.pem: OK");
        X509Certificate fromOpenssl = Pem.parseCertificate(Files.readString(dir.resolve("cert.pem")));
        assertThat(Pem.sha256Fingerprint(fromOpenssl)).isEqualTo(issued.sha256Fingerprint());
    }

    @Test
    void generatedPkcs12HoldsKeyAndChainForJava() throws Exception {
        IssuedCertificate issued = certificates.issueWithGeneratedKey(insertActivePartner());

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(Base64.getDecoder().decode(issued.pkcs12Base64())),
                issued.pkcs12Password().toCharArray());

        assertThat(store.getKey("client", issued.pkcs12Password().toCharArray())).isNotNull();
        assertThat(store.getCertificateChain("client")).hasSize(2);
        assertThat(store.getCertificateChain("client")[1]).isEqualTo(ca.certificate());
    }

    @Test
    void signsAnEcCsrForThePartnerWithClientAuthExtensions() throws Exception {
        UUID partner = insertActivePartner();
        String slug = jdbc.queryForObject("select slug from partners where id = ?", String.class, partner);

        IssuedCertificate issued = certificates.issueFromCsr(partner, TestCsrs.csrPem(TestCsrs.ec("secp256r1"),
                "SHA256withECDSA"));

        assertThat(issued.pkcs12Base64()).isNull();
        assertThat(issued.pkcs12Password()).isNull();
        List<X509Certificate> chain = Pem.parseCertificates(issued.certificateChainPem());
        assertThat(chain).hasSize(2);
        X509Certificate leaf = chain.get(0);
        leaf.verify(ca.certificate().getPublicKey());
        assertThat(chain.get(1)).isEqualTo(ca.certificate());
        assertThat(leaf.getSubjectX500Principal().getName()).as("O then CN in DER, so RFC 2253 shows CN first")
                .isEqualTo("CN=" + slug + ",O=pki S.A.");
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment only for RSA").isFalse();
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber().toString(16)).isEqualTo(issued.serialHex());
        assertThat(issued.sha256Fingerprint()).matches("[0-9a-f]{64}").isEqualTo(Pem.sha256Fingerprint(leaf));
        assertThat(issued.notAfter()).isEqualTo(leaf.getNotAfter().toInstant());
        assertThat(jdbc.queryForObject("select partner_id from client_certificates where sha256_fingerprint = ?",
                UUID.class, issued.sha256Fingerprint())).isEqualTo(partner);
    }

    @Test
    void signsAnRsa2048CsrWithKeyEncipherment() throws Exception {
        IssuedCertificate issued = certificates.issueFromCsr(insertActivePartner(),
                TestCsrs.csrPem(TestCsrs.rsa(2048), "SHA256withRSA"));

        X509Certificate leaf = Pem.parseCertificate(issued.certificateChainPem());
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment").isTrue();
    }

    @Test
    void signsAP384Csr() throws Exception {
        IssuedCertificate issued = certificates.issueFromCsr(insertActivePartner(),
                TestCsrs.csrPem(TestCsrs.ec("secp384r1"), "SHA384withECDSA"));

        assertThat(issued.sha256Fingerprint()).hasSize(64);
    }

    @Test
    void rejectsMalformedCsrs() throws Exception {
        UUID partner = insertActivePartner();
        KeyPair key = TestCsrs.ec("secp256r1");
        byte[] der = TestCsrs.csrDer(key, "SHA256withECDSA");
        byte[] badSignature = der.clone();
        badSignature[badSignature.length - 1] ^= 0x01;
        String certificateNotCsr = ca.certificatePem();

        for (String csr : List.of("", "not a csr", Pem.encode("CERTIFICATE REQUEST", new byte[] {1, 2, 3}),
                certificateNotCsr, Pem.encode("CERTIFICATE REQUEST", badSignature),
                "-----BEGIN CERTIFICATE REQUEST-----\n" + "A".repeat(20_000) + "\n-----END CERTIFICATE REQUEST-----\n")) {
            assertInvalidCsr(partner, csr);
        }
        assertThat(certificates.list(partner)).isEmpty();
    }

    @Test
    void rejectsWeakOrUnsupportedKeys() throws Exception {
        UUID partner = insertActivePartner();

        assertInvalidCsr(partner, TestCsrs.csrPem(TestCsrs.rsa(1024), "SHA256withRSA"));
        assertInvalidCsr(partner, TestCsrs.csrPem(TestCsrs.ec("secp521r1"), "SHA512withECDSA"));
        assertInvalidCsr(partner, TestCsrs.csrPem(KeyPairs.ed25519(), "Ed25519"));
        assertThat(certificates.list(partner)).isEmpty();
    }

    @Test
    void rollsBackWithTheCallersTransaction() {
        UUID partner = insertActivePartner();
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            certificates.issueWithGeneratedKey(partner);
            throw new IllegalStateException("onboarding failed later");
        })).hasMessage("onboarding failed later");

        assertThat(certificates.list(partner)).isEmpty();
    }

    @Test
    void refusesAnUnknownOrOffboardedPartner() {
        UUID offboarded = insertPartner("OFFBOARDED");

        assertThatThrownBy(() -> certificates.issueWithGeneratedKey(UUID.randomUUID()))
                .isInstanceOfSatisfying(HubProblemException.class, e -> assertThat(e.error()).isEqualTo(HubError.NOT_FOUND));
        assertThatThrownBy(() -> certificates.issueWithGeneratedKey(offboarded))
                .isInstanceOfSatisfying(HubProblemException.class, e -> assertThat(e.error()).isEqualTo(HubError.CONFLICT));
    }

    @Test
    void revokesOneOrAllCertificatesOfAPartner() {
        UUID partner = insertActivePartner();
        UUID other = insertActivePartner();
        IssuedCertificate first = certificates.issueWithGeneratedKey(partner);
        certificates.issueWithGeneratedKey(partner);
        certificates.issueWithGeneratedKey(partner);
        IssuedCertificate othersCertificate = certificates.issueWithGeneratedKey(other);

        assertThat(certificates.revoke(other, first.id(), "not theirs")).isFalse();
        assertThat(certificates.revoke(partner, first.id(), "key lost")).isTrue();
        assertThat(certificates.revoke(partner, first.id(), "again")).isFalse();
        assertThat(certificates.revokeAll(partner, "offboarded")).isEqualTo(2);

        assertThat(certificates.list(partner)).hasSize(3).allMatch(ClientCertificateRecord::isRevoked);
        assertThat(certificates.findByFingerprint(first.sha256Fingerprint()).orElseThrow().revocationReason())
                .isEqualTo("key lost");
        assertThat(certificates.findByFingerprint(othersCertificate.sha256Fingerprint()).orElseThrow().isRevoked())
                .isFalse();
    }

    @Test
    void caCertificateIsAProperCa() throws Exception {
        X509Certificate caCertificate = ca.certificate();

        assertThat(caCertificate.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(caCertificate.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
        assertThat(caCertificate.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(caCertificate.getKeyUsage()[6]).as("cRLSign").isTrue();
        caCertificate.verify(caCertificate.getPublicKey());
    }

    private void assertInvalidCsr(UUID partner, String csr) {
        assertThatThrownBy(() -> certificates.issueFromCsr(partner, csr))
                .as("CSR %s", csr.length() > 80 ? csr.substring(0, 80) : csr)
                .isInstanceOfSatisfying(HubProblemException.class,
                        e -> assertThat(e.error()).isEqualTo(HubError.INVALID_CSR));
    }

    private static String openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add("/usr/bin/openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", String.join(" ", args), output).isZero();
        return output;
    }

    private static final class KeyPairs {
        static KeyPair ed25519() throws Exception {
            return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }
    }
}
