package io.barberpro.hub.core.listener;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import reactor.netty.ReactorNetty;
import reactor.netty.resources.LoopResources;

/**
 * Sizes Reactor Netty's shared event loops from {@code hub.listeners.io-threads}: one loop per available
 * processor unless configured. The partner edge, the admin listener and the upstream connections all run on
 * these loops (an upstream connection shares its partner connection's loop), so this is the hub's one
 * concurrency setting for network I/O, as nginx's {@code worker_processes auto} is.
 * <p>
 * Reactor Netty's own default is at least four loops, to leave headroom for code that blocks a loop. The hub
 * never blocks one (BlockHound checks it in the gateway tests), and on this 2-core machine four loops cost
 * 10-20% more CPU per proxied request than two (wakeups and context switches among loops sharing a core); see
 * {@code bench/gateway.sh}. Pinned to one core, more loops than cores did not pay either: against one loop, two
 * cost 1.06x the CPU per request at 8 connections and 0.96x at 64, four 1.14x and 1.04x (medians of 4 rounds).
 * <p>
 * Reactor Netty reads the count once per JVM, when its loops are first created, through the system property
 * {@value ReactorNetty#IO_WORKER_COUNT}; that is why this runs while the environment is prepared, before any
 * server or client exists. An explicitly set system property wins.
 */
public class EventLoopThreads implements EnvironmentPostProcessor {

    static final String PROPERTY = "hub.listeners.io-threads";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(ReactorNetty.IO_WORKER_COUNT) != null) {
            return;
        }
        int configured = Binder.get(environment).bind(PROPERTY, Integer.class).orElse(0);
        int threads = configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
        System.setProperty(ReactorNetty.IO_WORKER_COUNT, Integer.toString(threads));
    }

    /** The loops Reactor Netty actually runs, fixed for the JVM at their first use. */
    static int inUse() {
        return LoopResources.DEFAULT_IO_WORKER_COUNT;
    }
}
