package io.barberpro.hub.webhooks.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SSRF guard: which URLs and addresses webhooks may reach. It is applied when an endpoint is
 * registered (scheme, then every address the host resolves to), before each attempt (scheme and
 * literal addresses), and at connect time by {@link WebhookHttpClient}'s resolver, which checks
 * the addresses actually used, so a DNS answer that changes after registration (rebinding) is
 * still refused while Host and SNI stay the partner's host name.
 */
public class OutboundUrlPolicy {

    private record Range(Cidr cidr, String reason) {
    }

    private static final List<Range> REFUSED = List.of(
            range("169.254.169.254/32", "cloud metadata"),
            range("fd00:ec2::254/128", "cloud metadata"),
            range("0.0.0.0/8", "unspecified"),
            range("10.0.0.0/8", "private"),
            range("100.64.0.0/10", "carrier-grade NAT"),
            range("127.0.0.0/8", "loopback"),
            range("169.254.0.0/16", "link-local"),
            range("172.16.0.0/12", "private"),
            range("192.0.0.0/24", "IETF protocol assignments"),
            range("192.168.0.0/16", "private"),
            range("198.18.0.0/15", "benchmarking"),
            range("224.0.0.0/4", "multicast"),
            range("240.0.0.0/4", "reserved"),
            range("::/128", "unspecified"),
            range("::1/128", "loopback"),
            range("fc00::/7", "private (unique local)"),
            range("fe80::/10", "link-local"),
            range("ff00::/8", "multicast"));

    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private final boolean allowHttp;
    private final List<Cidr> allowed;

    public OutboundUrlPolicy(boolean allowHttp, List<String> allowedNetworks) {
        this.allowHttp = allowHttp;
        this.allowed = allowedNetworks.stream().map(Cidr::parse).toList();
    }

    /** Registration: a well-formed URL with an allowed scheme whose host resolves only to allowed addresses. */
    public void checkForRegistration(URI url) {
        String host = checkSyntax(url);
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new OutboundRefusedException("The host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            check(address);
        }
    }

    /** Before each attempt: no DNS here (the connect-time resolver does it), but literal addresses are checked. */
    public void checkBeforeAttempt(URI url) {
        String host = checkSyntax(url);
        if (isLiteral(host)) {
            try {
                check(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                throw new OutboundRefusedException("The address " + host + " is not valid");
            }
        }
    }

    public void check(InetAddress address) {
        refusal(address).ifPresent(reason -> {
            throw new OutboundRefusedException("The address " + address.getHostAddress() + " is " + reason
                    + " and may not receive webhooks");
        });
    }

    public Optional<String> refusal(InetAddress address) {
        for (Cidr cidr : allowed) {
            if (cidr.contains(address)) {
                return Optional.empty();
            }
        }
        for (Range range : REFUSED) {
            if (range.cidr().contains(address)) {
                return Optional.of(range.reason());
            }
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return Optional.of("not public");
        }
        return embeddedIpv4(address).flatMap(this::refusal);
    }

    private String checkSyntax(URI url) {
        if (url == null || !url.isAbsolute() || url.getHost() == null || url.getRawUserInfo() != null) {
            throw new OutboundRefusedException("The URL must be absolute, with a host and without user info");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new OutboundRefusedException(allowHttp ? "The URL must use http or https" : "The URL must use https");
        }
        if (url.getRawFragment() != null) {
            throw new OutboundRefusedException("The URL must not have a fragment");
        }
        String host = url.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    /** NAT64 and 6to4 addresses carry an IPv4 address that is what the packets finally reach. */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        byte[] v4;
        if (NAT64.contains(address)) {
            v4 = new byte[] {b[12], b[13], b[14], b[15]};
        } else if (SIX_TO_FOUR.contains(address)) {
            v4 = new byte[] {b[2], b[3], b[4], b[5]};
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(Inet4Address.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Range range(String cidr, String reason) {
        return new Range(Cidr.parse(cidr), reason);
    }
}
