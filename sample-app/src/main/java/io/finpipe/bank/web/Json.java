package io.finpipe.bank.web;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.finpipe.bank.service.BankException;
import java.math.BigDecimal;

/** The one ObjectMapper: amounts as strings ("12.50", no float rounding), times as ISO-8601. */
public final class Json {

    private Json() {
    }

    public static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper;
    }

    /** A request body that must be a JSON object; fields are read as text whatever their JSON type. */
    record Body(JsonNode node) {

        static Body parse(ObjectMapper mapper, String text) {
            try {
                JsonNode node = mapper.readTree(text == null ? "" : text);
                if (node != null && node.isObject()) {
                    return new Body(node);
                }
            } catch (JsonProcessingException ignored) {
                // reported below
            }
            throw BankException.invalid("body", "request body must be a JSON object, e.g. {\"amount\": \"10.00\"}");
        }

        /** The field as text (numbers keep their exact decimal form); null when absent or null. */
        String text(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            return value.isValueNode() ? value.asText() : value.toString();
        }
    }
}
