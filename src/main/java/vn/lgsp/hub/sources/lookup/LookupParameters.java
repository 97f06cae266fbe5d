package vn.lgsp.hub.sources.lookup;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * The query parameters of a lookup. A lookup's route never sees its query string as headers (the
 * REST servlet hides it, so that no parameter can stand for a context header); the parameters a
 * source's lookup takes are read from here, by name, once the query string was found well formed.
 */
public final class LookupParameters {

    /** The request attribute the REST servlet keeps a lookup's well-formed parameters in. */
    public static final String ATTRIBUTE = LookupParameters.class.getName();
    /**
     * The exchange property holding the parameters of a lookup the hub makes itself (a pre-fill's part): a
     * map of each name to its one value, read as a query string's would be.
     */
    public static final String PROPERTY = "hubLookupParameters";

    private LookupParameters() {
    }

    /**
     * The parameter's one value, or null when it is absent or empty. A parameter given twice is a
     * 400 naming it: which of the two was meant cannot be known.
     */
    public static String one(Message request, String name) {
        if (!(request instanceof HttpMessage) && request.getExchange() != null
                && request.getExchange().getProperty(PROPERTY) instanceof Map<?, ?> given) {
            return given.get(name) instanceof String value && !value.isEmpty() ? value : null;
        }
        HttpServletRequest http = request instanceof HttpMessage message ? message.getRequest() : null;
        Object parameters = http == null ? null : http.getAttribute(ATTRIBUTE);
        if (!(parameters instanceof Map<?, ?> map) || !(map.get(name) instanceof String[] values)) {
            return null;
        }
        if (values.length > 1) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, name, "The query parameter " + name
                    + " must be given once");
        }
        return values.length == 0 || values[0].isEmpty() ? null : values[0];
    }
}
