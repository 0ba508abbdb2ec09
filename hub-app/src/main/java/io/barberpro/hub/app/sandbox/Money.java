package io.barberpro.hub.app.sandbox;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A price. {@code amount} is a decimal in major units with two fraction digits, written as a JSON
 * string ({@code "18500.00"}) so no client reads it through a binary floating point.
 */
record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {

    static Money ars(long pesos) {
        return new Money(BigDecimal.valueOf(pesos).setScale(2, RoundingMode.UNNECESSARY), "ARS");
    }
}
