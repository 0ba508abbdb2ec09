package io.barberpro.hub.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class OutboundUrlPolicyTest {

    private final OutboundUrlPolicy strict = new OutboundUrlPolicy(false, List.of());

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
            "10.1.2.3, private",
            "172.16.0.1, private",
            "172.31.255.254, private",
            "192.168.1.10, private",
            "127.0.0.1, loopback",
            "127.255.0.9, loopback",
            "169.254.10.20, link-local",
            "169.254.169.254, cloud metadata",
            "0.0.0.0, unspecified",
            "100.64.0.1, carrier-grade NAT",
            "224.0.0.1, multicast",
            "'[fd12:3456:789a::1]', private (unique local)",
            "'[fc00::1]', private (unique local)",
            "'[::1]', loopback",
            "'[fe80::1]', link-local",
            "'[fd00:ec2::254]', cloud metadata",
            "'[::]', unspecified",
            "'[ff02::1]', multicast",
            "'[::ffff:10.0.0.1]', private",
            "'[64:ff9b::a9fe:a9fe]', cloud metadata"
    })
    void refusesNonPublicAddressesAtRegistration(String host, String reason) {
        assertThatThrownBy(() -> strict.checkForRegistration(URI.create("https://" + host + "/hook")))
                .isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @CsvSource({"10.1.2.3", "'[fd12::1]'", "169.254.169.254"})
    void refusesLiteralNonPublicAddressesBeforeEachAttemptToo(String host) {
        assertThatThrownBy(() -> strict.checkBeforeAttempt(URI.create("https://" + host + "/hook")))
                .isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void acceptsPublicAddresses() throws Exception {
        assertThat(strict.refusal(InetAddress.getByName("93.184.216.34"))).isEmpty();
        assertThat(strict.refusal(InetAddress.getByName("2606:2800:220:1:248:1893:25c8:1946"))).isEmpty();
        assertThatCode(() -> strict.checkForRegistration(URI.create("https://93.184.216.34/hook"))).doesNotThrowAnyException();
    }

    @Test
    void refusesPlainHttpUnlessAllowed() {
        assertThatThrownBy(() -> strict.checkForRegistration(URI.create("http://93.184.216.34/hook")))
                .isInstanceOf(OutboundRefusedException.class).hasMessageContaining("https");
        OutboundUrlPolicy lenient = new OutboundUrlPolicy(true, List.of());
        assertThatCode(() -> lenient.checkForRegistration(URI.create("http://93.184.216.34/hook"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> lenient.checkForRegistration(URI.create("ftp://93.184.216.34/hook")))
                .isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void refusesUserInfoInTheUrl() {
        assertThatThrownBy(() -> strict.checkForRegistration(URI.create("https://user:pass@93.184.216.34/hook")))
                .isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void allowsExplicitlyConfiguredNetworks() {
        OutboundUrlPolicy local = new OutboundUrlPolicy(true, List.of("127.0.0.0/8", "::1/128"));
        assertThatCode(() -> local.checkForRegistration(URI.create("http://127.0.0.1:8080/hook"))).doesNotThrowAnyException();
        assertThatCode(() -> local.checkForRegistration(URI.create("http://[::1]:8080/hook"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> local.checkForRegistration(URI.create("http://10.0.0.1/hook")))
                .isInstanceOf(OutboundRefusedException.class);
    }
}
