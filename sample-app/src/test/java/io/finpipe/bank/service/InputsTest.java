package io.finpipe.bank.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputsTest {

    @ParameterizedTest
    @CsvSource({"1,1.00", "0.01,0.01", "12.5,12.50", "1000000.00,1000000.00", "1E+2,100.00", "' 7.10 ',7.10"})
    void acceptsAmounts(String raw, String expected) {
        assertThat(Inputs.amount("amount", raw)).isEqualTo(new BigDecimal(expected));
    }

    @Test
    void generatedAccountNumbersCarryCheckDigits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String number = AccountNumbers.generate();
            assertThat(Inputs.accountNumber("to", number)).isEqualTo(number);
            seen.add(number);
        }
        assertThat(seen).hasSize(1000);
        String number = AccountNumbers.generate();
        assertThat(Inputs.accountNumber("to", AccountNumbers.pretty(number).toLowerCase())).isEqualTo(number);
        char last = number.charAt(13);
        String typo = number.substring(0, 13) + (char) (last == '9' ? '0' : last + 1);
        assertThatThrownBy(() -> Inputs.accountNumber("to", typo)).isInstanceOfSatisfying(BankException.class,
                e -> assertThat(e.field()).isEqualTo("to"));
    }
}
