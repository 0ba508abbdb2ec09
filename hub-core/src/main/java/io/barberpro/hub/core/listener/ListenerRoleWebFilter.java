package io.barberpro.hub.core.listener;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.web.ProblemWriter;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps admin paths off the partner edge and partner paths off the admin listener. Both listeners
 * share one handler, so this is the single place that separates them; a miss answers 404 so the
 * partner edge does not even reveal that an admin API exists.
 */
public class ListenerRoleWebFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
    public static final String ROLE_ATTRIBUTE = ListenerRoleWebFilter.class.getName() + ".role";

    /** Each prefix as configured and without its trailing slash, worked out once rather than per request. */
    private final List<AdminPrefix> adminPrefixes;
    private final EdgeListeners edgeListeners;
    private final ProblemWriter problems;

    public ListenerRoleWebFilter(ListenerProperties properties, EdgeListeners edgeListeners, ProblemWriter problems) {
        this.adminPrefixes = properties.adminPathPrefixes().stream().map(AdminPrefix::of).toList();
        this.edgeListeners = edgeListeners;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ListenerRole role = roleOf(exchange);
        exchange.getAttributes().put(ROLE_ATTRIBUTE, role);
        boolean adminPath = isAdminPath(exchange.getRequest().getPath().value());
        if ((role == ListenerRole.EDGE) == adminPath) {
            return problems.write(exchange, HubError.NOT_FOUND, null);
        }
        return chain.filter(exchange);
    }

    private boolean isAdminPath(String path) {
        for (AdminPrefix prefix : adminPrefixes) {
            if (path.startsWith(prefix.prefix()) || path.equals(prefix.bare())) {
                return true;
            }
        }
        return false;
    }

    /** {@code /admin/} also matches {@code /admin} itself. */
    private record AdminPrefix(String prefix, String bare) {
        static AdminPrefix of(String prefix) {
            return new AdminPrefix(prefix, prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        }
    }

    private ListenerRole roleOf(ServerWebExchange exchange) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        return local != null && edgeListeners.isEdgePort(local.getPort()) ? ListenerRole.EDGE : ListenerRole.ADMIN;
    }

    public static ListenerRole role(ServerWebExchange exchange) {
        ListenerRole role = exchange.getAttribute(ROLE_ATTRIBUTE);
        return role == null ? ListenerRole.ADMIN : role;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
