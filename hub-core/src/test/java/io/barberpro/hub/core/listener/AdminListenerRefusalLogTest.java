package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class AdminListenerRefusalLogTest {

    private static final ListenerRefusal HEADER_TIMED_OUT =
            ListenerRefusal.withoutRequestLine("0f6c1a52-refused", 408, 10_400_000);

    @Test
    void aRefusalIsLoggedAtInfoWithItsRequestIdAndWhatWasReadOfIt(CapturedOutput output) {
        // given: a log writing on the calling thread
        AdminListenerRefusalLog refusals = new AdminListenerRefusalLog(Runnable::run);

        // when: the admin listener refuses a request whose header never arrived whole
        refusals.refused(HEADER_TIMED_OUT);

        // then
        assertThat(output.getOut()).contains("INFO").contains("Admin listener refused a request: "
                + "request_id=0f6c1a52-refused method=- path=- protocol=- status=408 latency_ms=10");
    }

    @Test
    void aRefusalTheWriterCannotTakeIsDroppedWithoutFailingTheListener(CapturedOutput output) {
        // given: a writer whose backlog is full
        AdminListenerRefusalLog refusals = new AdminListenerRefusalLog(task -> {
            throw new RejectedExecutionException("backlog full");
        });

        // when / then: the event loop that refused the request carries on
        assertThatCode(() -> refusals.refused(HEADER_TIMED_OUT)).doesNotThrowAnyException();
        assertThat(output.getOut()).doesNotContain("Admin listener refused a request");
    }
}
