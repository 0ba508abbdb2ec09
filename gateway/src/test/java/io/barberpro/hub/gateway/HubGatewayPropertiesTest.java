package io.barberpro.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class HubGatewayPropertiesTest {

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();
    private static final Validator VALIDATOR = VALIDATION.getValidator();

    @AfterAll
    static void close() {
        VALIDATION.close();
    }

    @Test
    void aRealmThatWouldBreakTheChallengesQuotedStringIsRefusedAtStartup() {
        // given / when / then: RFC 9110 §11.2, the realm is written between quotes as it is
        assertThat(realmViolations("barberpro")).isZero();
        assertThat(realmViolations("BarberPro Partner Hub (staging)")).isZero();
        assertThat(realmViolations("say \"hi\"")).isOne();
        assertThat(realmViolations("back\\slash")).isOne();
        assertThat(realmViolations("line\r\nbreak")).isOne();
        assertThat(realmViolations("peluquería")).isOne();
    }

    private static int realmViolations(String realm) {
        return VALIDATOR.validateValue(HubGatewayProperties.class, "realm", realm).size();
    }
}
