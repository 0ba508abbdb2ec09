package io.barberpro.hub.webhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryWorkerPoolTest {

    /** A worker that never finds anything due and notes when, and for which lane, it was asked. */
    private static final class EmptyOutbox extends DeliveryWorker {
        final List<Long> claimedAtNanos = new CopyOnWriteArrayList<>();
        final Set<Lane> lanesAsked = ConcurrentHashMap.newKeySet();

        EmptyOutbox() {
            super(null, null, null, null, null, null, null, null, null, null);
        }

        @Override
        int runOnce(Lane lane) {
            claimedAtNanos.add(System.nanoTime());
            lanesAsked.add(lane);
            return 0;
        }
    }

    private static final class QuietMetrics extends DeliveryMetrics {
        QuietMetrics() {
            super(null, null, new SimpleMeterRegistry());
        }

        @Override
        public void refresh() {
        }
    }

    private final EmptyOutbox outbox = new EmptyOutbox();
    private DeliveryWorkerPool pool;

    @AfterEach
    void stop() {
        pool.stop();
    }

    @Test
    void anIdleLoopWaitsLongerAfterEachEmptyClaimUpToTheMaximum() {
        pool = new DeliveryWorkerPool(outbox, new QuietMetrics(), 1, 0, Duration.ofMillis(5), Duration.ofMillis(40), "test");

        pool.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.claimedAtNanos.size() >= 8);

        List<Long> at = List.copyOf(outbox.claimedAtNanos);
        long expectedWait = 5;
        for (int i = 1; i < 8; i++) {
            assertThat((at.get(i) - at.get(i - 1)) / 1_000_000.0).as("wait before claim %d", i)
                    .isGreaterThanOrEqualTo(expectedWait * 0.9);
            expectedWait = Math.min(expectedWait * 2, 40);
        }
    }

    @Test
    void aLocalCommitEndsTheIdleWaitAtOnce() {
        pool = new DeliveryWorkerPool(outbox, new QuietMetrics(), 1, 0, Duration.ofSeconds(60), Duration.ofSeconds(60), "test");
        pool.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.claimedAtNanos.size() == 1);

        pool.wake();

        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.claimedAtNanos.size() == 2);
    }

    @Test
    void theSlowLaneLoopsClaimBesideTheRegularOnes() {
        // given
        pool = new DeliveryWorkerPool(outbox, new QuietMetrics(), 1, 1, Duration.ofMillis(5), Duration.ofMillis(5), "test");

        // when
        pool.start();

        // then
        await().atMost(Duration.ofSeconds(5)).until(() -> outbox.lanesAsked.size() == 2);
        assertThat(outbox.lanesAsked).containsExactlyInAnyOrder(Lane.REGULAR, Lane.SLOW);
    }
}
