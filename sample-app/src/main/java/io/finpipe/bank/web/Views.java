package io.finpipe.bank.web;

import io.finpipe.bank.service.AccountNumbers;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Pebble templates under templates/, HTML auto-escaping on, plus money/account/date filters. */
final class Views {

    private final PebbleEngine engine;

    Views() {
        ClasspathLoader loader = new ClasspathLoader();
        loader.setPrefix("templates");
        loader.setSuffix(".peb");
        engine = new PebbleEngine.Builder().loader(loader).extension(new BankFilters()).build();
    }

    String render(String template, Map<String, Object> model) {
        PebbleTemplate compiled = engine.getTemplate(template);
        StringWriter out = new StringWriter();
        try {
            compiled.evaluate(out, model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static final class BankFilters extends AbstractExtension {
        private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
        // DecimalFormat is not thread-safe: one per rendering thread
        private static final ThreadLocal<DecimalFormat> MONEY = ThreadLocal.withInitial(
                () -> new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.UK)));

        @Override
        public Map<String, Filter> getFilters() {
            return Map.of(
                    "money", simple(v -> MONEY.get().format((BigDecimal) v)),
                    "account", simple(v -> AccountNumbers.pretty((String) v)),
                    "datetime", simple(v -> DATE_TIME.format((TemporalAccessor) v) + " UTC"));
        }

        private static Filter simple(java.util.function.Function<Object, String> format) {
            return new Filter() {
                @Override
                public List<String> getArgumentNames() {
                    return List.of();
                }

                @Override
                public Object apply(Object input, Map<String, Object> args, PebbleTemplate self,
                                    EvaluationContext context, int lineNumber) {
                    return input == null ? "" : format.apply(input);
                }
            };
        }
    }
}
