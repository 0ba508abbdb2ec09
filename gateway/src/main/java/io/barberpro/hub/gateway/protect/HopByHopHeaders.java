package io.barberpro.hub.gateway.protect;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes hop-by-hop headers (RFC 9110 §7.6.1: the configured list, and every field the
 * {@code Connection} header names) from the request sent upstream and the response sent back, as
 * Spring Cloud Gateway's {@code RemoveHopByHopHeadersFilter} does, from the same list
 * ({@code spring.cloud.gateway.server.webflux.filter.remove-hop-by-hop.headers}). Unlike it, a message
 * carrying none of them passes as it is, a writable message (the copy of the upstream's response headers
 * Spring Cloud Gateway hands its response filters) loses them in place instead of being copied, and names
 * are compared without lower-casing copies: this runs twice on every proxied request, and an HTTP/1.1
 * upstream's response nearly always carries {@code Connection: keep-alive}.
 */
final class HopByHopHeaders implements HttpHeadersFilter {

    private final Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    /** RFC 9110 §7.6.1 names it among the fields to remove; Spring Cloud Gateway's default list leaves it out. */
    private static final String PROXY_CONNECTION = "Proxy-Connection";

    HopByHopHeaders(Collection<String> names) {
        this.names.addAll(names);
        this.names.add(PROXY_CONNECTION);
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        if (input.getClass() == HttpHeaders.class) {
            // a plain HttpHeaders is writable; its read-only view is a subclass
            removeInPlace(input);
            return input;
        }
        List<String> connectionOptions = input.getConnection();
        if (connectionOptions.isEmpty() && !carriesAny(input)) {
            return input;
        }
        HttpHeaders filtered = new HttpHeaders();
        for (Map.Entry<String, List<String>> header : input.headerSet()) {
            if (!names.contains(header.getKey()) && !namedIn(connectionOptions, header.getKey())) {
                filtered.addAll(header.getKey(), header.getValue());
            }
        }
        return filtered;
    }

    private void removeInPlace(HttpHeaders headers) {
        List<String> connectionOptions = headers.getConnection();
        headers.keySet().removeIf(name -> names.contains(name) || namedIn(connectionOptions, name));
    }

    private static boolean namedIn(List<String> connectionOptions, String name) {
        for (String option : connectionOptions) {
            if (option.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private boolean carriesAny(HttpHeaders input) {
        for (String name : names) {
            if (input.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.REQUEST || type == Type.RESPONSE;
    }
}
