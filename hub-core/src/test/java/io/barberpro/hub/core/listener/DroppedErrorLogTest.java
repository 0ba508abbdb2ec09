package io.barberpro.hub.core.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.barberpro.hub.core.error.HubError;
import io.barberpro.hub.core.error.HubProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class DroppedErrorLogTest {

    @Test
    void aRequestTimeoutDeliveredAgainAfterItsAnswerIsNotAnError(CapturedOutput output) {
        // given: the body-read deadline's failure, which Reactor Netty signals a second time
        HubProblemException stalled = new HubProblemException(HubError.REQUEST_TIMEOUT, "The request body paused");

        // when
        DroppedErrorLog.log(stalled);

        // then
        assertThat(output.getOut()).doesNotContain("ERROR");
    }

    @Test
    void anyOtherDroppedErrorIsStillLoggedAtErrorWithItsCause(CapturedOutput output) {
        // given: errors Reactor would have logged at ERROR, a hub problem of another kind among them
        IllegalStateException bug = new IllegalStateException("operator bug");
        HubProblemException other = new HubProblemException(HubError.PAYLOAD_TOO_LARGE, "too large");

        // when
        DroppedErrorLog.log(bug);
        DroppedErrorLog.log(other);

        // then
        assertThat(output.getOut()).contains("ERROR").contains("IllegalStateException: operator bug")
                .contains("HubProblemException: too large");
    }
}
