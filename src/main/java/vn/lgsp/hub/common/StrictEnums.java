package vn.lgsp.hub.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * The hub's enums in request bodies are read exactly as docs/api.md spells them. Jackson on its own
 * also takes a value with spaces around it ({@code "RECEIVED "}) or a number (the constant's
 * position); both are refused here like any unknown value, so the problem names the field.
 */
@Component
public class StrictEnums extends SimpleModule {

    private static final String HUB_PACKAGE = "vn.lgsp.hub.";

    public StrictEnums() {
        super("hub-strict-enums");
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription description,
                                                              JsonDeserializer<?> deserializer) {
                return type.getRawClass().getName().startsWith(HUB_PACKAGE) ? new Exact(type, deserializer) : deserializer;
            }
        });
    }

    private static final class Exact extends StdDeserializer<Object> {

        private final JsonDeserializer<?> lenient;

        Exact(JavaType type, JsonDeserializer<?> lenient) {
            super(type);
            this.lenient = lenient;
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            String text = parser.getText();
            if (!text.equals(text.strip())) {
                return context.handleWeirdStringValue(handledType(), text, "not one of the values accepted");
            }
            return lenient.deserialize(parser, context);
        }
    }
}
