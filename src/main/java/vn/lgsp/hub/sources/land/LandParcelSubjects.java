package vn.lgsp.hub.sources.land;

import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.sources.Subject;
import vn.lgsp.hub.sources.SubjectParser;

/** Reads the three path parameters of {@code GET /api/v1/land-parcels/{communeCode}/{mapSheet}/{parcelNumber}}. */
@Component
class LandParcelSubjects implements SubjectParser {

    @Override
    public String source() {
        return "land";
    }

    @Override
    public Subject parse(Message request) {
        return LandParcelRef.parse(request.getHeader("communeCode", String.class),
                request.getHeader("mapSheet", String.class), request.getHeader("parcelNumber", String.class));
    }

    @Override
    public String raw(Message request) {
        return String.valueOf(request.getHeader("communeCode", String.class) + "/" + request.getHeader("mapSheet", String.class)
                + "/" + request.getHeader("parcelNumber", String.class));
    }
}
