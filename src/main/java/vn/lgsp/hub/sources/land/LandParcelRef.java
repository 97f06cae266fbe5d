package vn.lgsp.hub.sources.land;

import java.util.regex.Pattern;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.lookup.Subject;

/** A land parcel: commune code (5 digits), map sheet number (so to) and parcel number (so thua). */
public record LandParcelRef(String communeCode, int mapSheet, int parcelNumber) implements Subject {

    private static final Pattern COMMUNE = Pattern.compile("[0-9]{5}");
    private static final Pattern POSITIVE = Pattern.compile("[0-9]{1,9}");

    public static LandParcelRef parse(String communeCode, String mapSheet, String parcelNumber) {
        if (communeCode == null || !COMMUNE.matcher(communeCode).matches()) {
            throw invalid("communeCode", "The commune code must be exactly 5 digits");
        }
        return new LandParcelRef(communeCode, positive("mapSheet", "map sheet number", mapSheet),
                positive("parcelNumber", "parcel number", parcelNumber));
    }

    private static int positive(String field, String name, String value) {
        int number = value != null && POSITIVE.matcher(value).matches() ? Integer.parseInt(value) : 0;
        if (number <= 0) {
            throw invalid(field, "The " + name + " must be a positive integer");
        }
        return number;
    }

    @Override
    public String key() {
        return communeCode + "/" + mapSheet + "/" + parcelNumber;
    }

    private static HubException invalid(String field, String message) {
        return HubException.invalid(ErrorCode.INVALID_LAND_PARCEL, field, message);
    }
}
