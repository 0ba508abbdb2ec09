package io.barberpro.hub.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    @Test
    void trustsAddressesInsideTheConfiguredBlocksOnly() throws Exception {
        assertThat(proxies.trusts(InetAddress.getByName("10.20.30.40"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("192.168.1.7"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(proxies.trusts(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("192.168.1.8"))).isFalse();
        assertThat(proxies.trusts(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(proxies.trusts(null)).isFalse();
    }

    @Test
    void refusesHostNamesAndBadPrefixesAtStart() {
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.example.com")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
