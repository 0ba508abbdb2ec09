package bench.vanilla;

import io.github.bucket4j.Bucket;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.HashMap;
import java.util.Map;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor under every Reactor Netty gateway, for bench/gateway.sh's {@code rn-key} target: the same API-key
 * lookup and Bucket4j token as {@link VanillaGateway}'s key filter, then the request passed on with Reactor Netty's
 * client, on the hub's Reactor Netty and Netty, with no Spring at all (no WebFlux exchange, no filter chain, no
 * problem answers, no access log, no metrics). Bodiless requests only: the bench sends GETs. What separates a
 * Spring Cloud Gateway from this is the framework; what separates this from nginx is the JVM and Reactor Netty.
 * Run from the same jar: {@code java -Dloader.main=bench.vanilla.BareReactorNettyProxy -cp vanilla-scg.jar
 * org.springframework.boot.loader.launch.PropertiesLauncher --server.port=.. --bench.upstream=.. --bench.api-key=..}
 */
public final class BareReactorNettyProxy {

    private BareReactorNettyProxy() {
    }

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        String apiKey = options.get("bench.api-key");
        Bucket bucket = VanillaGateway.unbindingBucket();
        HttpClient upstream = HttpClient.create(ConnectionProvider.builder("upstream").maxConnections(500).build())
                .baseUrl(options.get("bench.upstream"));
        HttpServer.create().host("127.0.0.1").port(Integer.parseInt(options.get("server.port")))
                .handle((request, response) -> {
                    if (!apiKey.equals(request.requestHeaders().get(VanillaGateway.API_KEY_HEADER))) {
                        return response.status(HttpResponseStatus.UNAUTHORIZED).send();
                    }
                    if (!bucket.tryConsume(1)) {
                        return response.status(HttpResponseStatus.TOO_MANY_REQUESTS).send();
                    }
                    return upstream
                            .headers(headers -> headers.add(request.requestHeaders())
                                    .remove(VanillaGateway.API_KEY_HEADER).remove(HttpHeaderNames.HOST))
                            .request(request.method()).uri(request.uri())
                            .response((answer, body) -> {
                                // hop-by-hop: the upstream connection's, not the partner's (RFC 9110 §7.6.1)
                                response.status(answer.status()).headers(answer.responseHeaders())
                                        .responseHeaders().remove(HttpHeaderNames.CONNECTION);
                                return response.send(body.retain()).then();
                            })
                            .then();
                })
                .bindNow().onDispose().block();
    }

    /** {@code --name=value} arguments, as Spring Boot's are given. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
        }
        for (String required : new String[] {"server.port", "bench.upstream", "bench.api-key"}) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("--" + required + "=... is required");
            }
        }
        return options;
    }
}
