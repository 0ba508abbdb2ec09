package io.barberpro.hub.gateway.hygiene;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** CIDR blocks (IPv4 and IPv6) of proxies whose forwarding headers the gateway believes. */
final class TrustedProxies {

    private record Block(byte[] network, int prefix) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefix / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }
    }

    private final List<Block> blocks;

    TrustedProxies(List<String> cidrs) {
        this.blocks = cidrs.stream().map(TrustedProxies::parse).toList();
    }

    boolean isEmpty() {
        return blocks.isEmpty();
    }

    boolean trusts(InetAddress peer) {
        if (peer == null || blocks.isEmpty()) {
            return false;
        }
        byte[] address = peer.getAddress();
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Literal addresses only: a host name here would mean a DNS lookup at start and a false sense of safety. */
    private static Block parse(String cidr) {
        String[] parts = cidr.trim().split("/", 2);
        String literal = parts[0];
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("hub.gateway.trusted-proxies: not an IP address or CIDR: " + cidr);
        }
        try {
            byte[] network = InetAddress.getByName(literal).getAddress();
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("hub.gateway.trusted-proxies: bad prefix in " + cidr);
            }
            return new Block(network, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("hub.gateway.trusted-proxies: not an IP address or CIDR: " + cidr, e);
        }
    }
}
