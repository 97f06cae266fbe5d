package vn.lgsp.hub.sources.land;

import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.lookup.Subject;
import vn.lgsp.hub.sources.lookup.SubjectKind;
import vn.lgsp.hub.sources.lookup.SubjectParser;
import vn.lgsp.hub.sources.lookup.Subjects;

/** Reads the three path parameters of {@code GET /api/v1/land-parcels/{communeCode}/{mapSheet}/{parcelNumber}}. */
@Component
class LandParcelSubjects implements SubjectParser {

    @Override
    public String source() {
        return "land";
    }

    @Override
    public SubjectKind subjectKind() {
        return SubjectKind.LAND_PARCEL;
    }

    @Override
    public Class<?> canonicalModel() {
        return LandParcel.class;
    }

    @Override
    public String path() {
        return "/land-parcels/{communeCode}/{mapSheet}/{parcelNumber}";
    }

    @Override
    public Subject parse(Message request) {
        return LandParcelRef.parse(request.getHeader("communeCode", String.class),
                request.getHeader("mapSheet", String.class), request.getHeader("parcelNumber", String.class));
    }

    /** On the generic path a parcel is one segment: {@code communeCode-mapSheet-parcelNumber}, e.g. 25747-12-345. */
    @Override
    public Subject parse(String subject) {
        String[] parts = subject == null ? new String[0] : subject.split("-", -1);
        if (parts.length != 3) {
            throw HubException.invalid(ErrorCode.INVALID_LAND_PARCEL, Subjects.FIELD,
                    "A land parcel is communeCode-mapSheet-parcelNumber, e.g. 25747-12-345");
        }
        return LandParcelRef.parse(parts[0], parts[1], parts[2]);
    }

    @Override
    public String raw(Message request) {
        return String.valueOf(request.getHeader("communeCode", String.class) + "/" + request.getHeader("mapSheet", String.class)
                + "/" + request.getHeader("parcelNumber", String.class));
    }
}
