package io.barberpro.hub.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.barberpro.hub.core.HubCoreAutoConfiguration;
import io.barberpro.hub.core.roles.ConditionalOnHubRole;
import io.barberpro.hub.core.roles.HubRole;
import io.barberpro.hub.webhooks.api.PlatformEventSink;
import io.barberpro.hub.webhooks.delivery.DeliveryMetrics;
import io.barberpro.hub.webhooks.delivery.DeliveryWorker;
import io.barberpro.hub.webhooks.delivery.DeliveryWorkerPool;
import io.barberpro.hub.webhooks.delivery.EndpointDisabler;
import io.barberpro.hub.webhooks.delivery.JdbcDeliveryLog;
import io.barberpro.hub.webhooks.delivery.JdbcDeliveryQueue;
import io.barberpro.hub.webhooks.delivery.OutboundUrlPolicy;
import io.barberpro.hub.webhooks.delivery.RetrySchedule;
import io.barberpro.hub.webhooks.delivery.SlowEndpoints;
import io.barberpro.hub.webhooks.delivery.WebhookHttpClient;
import io.barberpro.hub.webhooks.endpoint.EndpointService;
import io.barberpro.hub.webhooks.endpoint.PartnerWebhookRoutes;
import io.barberpro.hub.webhooks.endpoint.WebhookRoutes;
import io.barberpro.hub.webhooks.kafka.KafkaPlatformEventSink;
import io.barberpro.hub.webhooks.kafka.OutboxKafkaRelay;
import io.barberpro.hub.webhooks.kafka.PlatformEventIngestor;
import io.barberpro.hub.webhooks.outbox.InProcessPlatformEventSink;
import io.barberpro.hub.webhooks.outbox.Outbox;
import io.barberpro.hub.webhooks.outbox.RegistryEventRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.scheduler.Schedulers;

/**
 * The webhooks module: outbox, endpoints, delivery workers, admin and partner APIs, and (with
 * {@code hub.webhooks.kafka.enabled}) the Kafka relay and platform-event consumer.
 */
@AutoConfiguration(after = {HubCoreAutoConfiguration.class, JacksonAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class, FlywayAutoConfiguration.class, KafkaAutoConfiguration.class})
@ConditionalOnHubRole(HubRole.WEBHOOKS)
@EnableConfigurationProperties(WebhooksProperties.class)
public class WebhooksAutoConfiguration {

    @Bean
    Outbox webhooksOutbox(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        return new Outbox(jdbc, json, clock);
    }

    @Bean
    RegistryEventRecorder webhooksRegistryEventRecorder(Outbox outbox) {
        return new RegistryEventRecorder(outbox);
    }

    @Bean
    PlatformEventSink platformEventSink(WebhooksProperties properties, Outbox outbox, TransactionTemplate transactions,
                                        ObjectProvider<KafkaTemplate<String, String>> kafka, ObjectMapper json) {
        if (properties.platformEvents().transport() == WebhooksProperties.Transport.KAFKA) {
            return new KafkaPlatformEventSink(kafka.getObject(), json, properties.kafka().platformTopic());
        }
        return new InProcessPlatformEventSink(outbox, transactions);
    }

    @Bean
    OutboundUrlPolicy webhooksOutboundUrlPolicy(WebhooksProperties properties) {
        return new OutboundUrlPolicy(properties.allowHttp(), properties.allowedNetworks());
    }

    @Bean(destroyMethod = "close")
    WebhookHttpClient webhookHttpClient(OutboundUrlPolicy policy, Clock clock, WebhooksProperties properties) {
        return new WebhookHttpClient(policy, clock, properties.delivery().connectTimeout(), properties.delivery().readTimeout());
    }

    @Bean
    JdbcDeliveryQueue webhooksDeliveryQueue(JdbcClient jdbc, JdbcTemplate template, ObjectMapper json) {
        return new JdbcDeliveryQueue(jdbc, template, json);
    }

    @Bean
    EndpointDisabler webhooksEndpointDisabler(JdbcClient jdbc, Outbox outbox) {
        return new EndpointDisabler(jdbc, outbox);
    }

    @Bean
    DeliveryMetrics webhooksDeliveryMetrics(JdbcClient jdbc, Clock clock, ObjectProvider<MeterRegistry> registry) {
        return new DeliveryMetrics(jdbc, clock, registry.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    RetrySchedule webhooksRetrySchedule(WebhooksProperties properties) {
        return new RetrySchedule(properties.retrySchedule(), properties.jitter());
    }

    @Bean
    SlowEndpoints webhooksSlowEndpoints(Clock clock, DeliveryMetrics metrics, WebhooksProperties properties) {
        WebhooksProperties.Delivery delivery = properties.delivery();
        return delivery.activeSlowLaneWorkers() == 0
                ? SlowEndpoints.none()
                : SlowEndpoints.tracking(clock, delivery.slowThreshold(), delivery.slowSettle(), Schedulers.parallel(), metrics);
    }

    @Bean
    DeliveryWorker webhooksDeliveryWorker(JdbcDeliveryQueue queue, WebhookHttpClient http, EndpointDisabler disabler,
                                          TransactionTemplate transactions, RetrySchedule schedule, DeliveryMetrics metrics,
                                          SlowEndpoints slowEndpoints, ObjectMapper json, Clock clock,
                                          WebhooksProperties properties) {
        WebhooksProperties.Delivery delivery = properties.delivery();
        String id = delivery.workerId() == null || delivery.workerId().isBlank() ? defaultWorkerId() : delivery.workerId();
        return new DeliveryWorker(queue, http, disabler, transactions, schedule, metrics, slowEndpoints, json, clock,
                new DeliveryWorker.Settings(id, delivery.batchSize(), delivery.lease(), properties.disableAfter()));
    }

    @Bean
    DeliveryWorkerPool webhooksDeliveryWorkerPool(DeliveryWorker worker, DeliveryMetrics metrics, Outbox outbox,
                                                  WebhooksProperties properties) {
        WebhooksProperties.Delivery delivery = properties.delivery();
        DeliveryWorkerPool pool = new DeliveryWorkerPool(worker, metrics, delivery.workers(), delivery.activeSlowLaneWorkers(),
                delivery.pollInterval(), delivery.maxIdleInterval(), "webhook-worker");
        outbox.onCommit(pool::wake);
        return pool;
    }

    @Bean
    JdbcDeliveryLog webhooksDeliveryLog(JdbcClient jdbc, Clock clock) {
        return new JdbcDeliveryLog(jdbc, clock);
    }

    @Bean
    EndpointService webhooksEndpointService(JdbcClient jdbc, ObjectMapper json, OutboundUrlPolicy policy,
                                            EndpointDisabler disabler, Outbox outbox, DeliveryWorker worker, TransactionTemplate transactions, Clock clock,
                                            WebhooksProperties properties) {
        return new EndpointService(jdbc, json, policy, disabler, outbox, worker, transactions, clock,
                properties.rotationOverlap());
    }

    @Bean
    RouterFunction<ServerResponse> webhooksAdminRoutes(EndpointService endpoints, JdbcDeliveryLog log) {
        return WebhookRoutes.admin(endpoints, log);
    }

    @Bean
    RouterFunction<ServerResponse> webhooksPartnerRoutes(EndpointService endpoints, JdbcDeliveryLog log) {
        return PartnerWebhookRoutes.routes(endpoints, log);
    }

    private static String defaultWorkerId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    /** The Kafka backbone; off in the embedded default, where the workers read the outbox directly. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "hub.webhooks.kafka.enabled", havingValue = "true")
    static class Kafka {

        @Bean
        OutboxKafkaRelay webhooksOutboxKafkaRelay(JdbcClient jdbc, TransactionTemplate transactions,
                                                  KafkaTemplate<String, String> kafka, ObjectMapper json, Clock clock,
                                                  WebhooksProperties properties) {
            WebhooksProperties.Kafka settings = properties.kafka();
            return new OutboxKafkaRelay(jdbc, transactions, kafka, json, clock, settings.eventsTopic(),
                    settings.relayBatchSize(), settings.relayInterval());
        }

        @Bean
        PlatformEventIngestor webhooksPlatformEventIngestor(ConsumerFactory<String, String> consumers, Outbox outbox,
                                                            TransactionTemplate transactions, ObjectMapper json,
                                                            WebhooksProperties properties) {
            return new PlatformEventIngestor(consumers, properties.kafka().platformTopic(), properties.kafka().groupId(),
                    outbox, transactions, json);
        }
    }
}
