package io.finpipe.bank.service;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Parsing and validation of user input; every failure names the field and what a valid value looks like. */
public final class Inputs {

    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000.00");
    private static final Pattern ACCOUNT_NUMBER = Pattern.compile("FP\\d{12}");

    private Inputs() {
    }

    /** A money amount in EUR: decimal, at most 2 places, greater than 0 and at most 1,000,000.00. */
    public static BigDecimal amount(String field, String raw) {
        String text = required(field, raw, 40);
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw BankException.invalid(field, field + " must be a number like 12.34");
        }
        if (value.signum() <= 0) {
            throw BankException.invalid(field, field + " must be greater than 0");
        }
        if (value.compareTo(MAX_AMOUNT) > 0) {
            throw BankException.invalid(field, field + " must be at most 1000000.00");
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw BankException.invalid(field, field + " must have at most 2 decimal places");
        }
        return value.setScale(2);
    }

    /** Trimmed, non-empty text of at most maxLength characters. */
    public static String required(String field, String raw, int maxLength) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) {
            throw BankException.invalid(field, field + " is required");
        }
        return limited(field, text, maxLength);
    }

    /** Trimmed text of at most maxLength characters; empty when absent. */
    public static String optional(String field, String raw, int maxLength) {
        return limited(field, raw == null ? "" : raw.strip(), maxLength);
    }

    private static String limited(String field, String text, int maxLength) {
        if (text.length() > maxLength) {
            throw BankException.invalid(field, field + " must be at most " + maxLength + " characters");
        }
        return text;
    }

    /** An account number as AccountNumbers generates it: FP, two check digits, ten digits. */
    public static String accountNumber(String field, String raw) {
        String text = required(field, raw, 40).replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        if (!ACCOUNT_NUMBER.matcher(text).matches() || !AccountNumbers.valid(text)) {
            throw BankException.invalid(field, field + " must be an account number like FP12 3456 7890 12 (FP and 12 digits)");
        }
        return text;
    }

    public static int wholeNumber(String field, String raw, int min, int max) {
        String text = required(field, raw, 12);
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw BankException.invalid(field, field + " must be a whole number from " + min + " to " + max);
    }
}
