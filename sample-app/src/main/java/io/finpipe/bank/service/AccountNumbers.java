package io.finpipe.bank.service;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * Account numbers "FP" + 2 check digits + 10 random digits, with IBAN-style mod-97 check digits so
 * that a mistyped digit in a transfer is rejected before any lookup.
 */
public final class AccountNumbers {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private AccountNumbers() {
    }

    public static String generate() {
        String digits = String.format("%010d", RANDOM.nextLong(10_000_000_000L));
        int check = 98 - mod97(digits + "00");
        return String.format("FP%02d%s", check, digits);
    }

    static boolean valid(String number) {
        return mod97(number.substring(4) + number.substring(2, 4)) == 1;
    }

    private static int mod97(String digits) {
        return new BigInteger(digits).mod(NINETY_SEVEN).intValue();
    }

    /** "FP1234567890 12" style grouping for display. */
    public static String pretty(String number) {
        return number.replaceAll("(.{4})(?!$)", "$1 ");
    }
}
