package vn.lgsp.hub.sources.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Year;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.citizens.PersonalId;
import vn.lgsp.hub.sources.enterprises.EnterpriseCode;
import vn.lgsp.hub.sources.land.LandParcelRef;
import vn.lgsp.hub.support.FuzzSeed;
import vn.lgsp.hub.support.Identifiers;

/**
 * Every identifier validator against the rules of docs/domain.md (written out again in
 * {@link Identifiers}) over tens of thousands of near-miss inputs: the validator accepts exactly
 * what the rules accept, and refuses the rest with its own code and field, never quoting the input.
 * The build runs a fixed seed ({@link FuzzSeed}); {@code -Dfuzz.seed=random} explores new inputs, and
 * {@code -Dfuzz.seed=<the seed in its message>} replays a failure.
 */
class IdentifierFuzzTest {

    private static final int ROUNDS = 20_000;
    private static long seed;

    @BeforeAll
    static void chooseSeed() {
        seed = FuzzSeed.get();
        System.out.println("IdentifierFuzzTest seed: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    }

    @Test
    void personalIds() {
        Random random = new Random(seed);
        int accepted = 0;
        for (int i = 0; i < ROUNDS; i++) {
            int year = random.nextInt(4) == 0 ? 2000 + random.nextInt(400) : 2026;
            String valid = Identifiers.personalId(random, year);
            String input = switch (random.nextInt(6)) {
                case 0 -> valid;
                case 1 -> Identifiers.noise(random, 16);
                case 2 -> String.format("%03d", random.nextInt(1000)) + valid.substring(3);
                case 3 -> boundaryYear(random, valid, year);
                default -> Identifiers.mutate(random, valid);
            };
            boolean expected = Identifiers.validPersonalId(input, year);
            accepted += check(input, expected, ErrorCode.INVALID_PERSONAL_ID, "personalId",
                    () -> PersonalId.parse(input, Year.of(year)).key(), "year " + year) ? 1 : 0;
        }
        assertThat(accepted).as("seed %d: some generated personal IDs are valid", seed).isPositive();
    }

    @Test
    void enterpriseCodes() {
        Random random = new Random(seed);
        int accepted = 0;
        for (int i = 0; i < ROUNDS; i++) {
            String valid = Identifiers.enterpriseCode(random);
            String input = switch (random.nextInt(6)) {
                case 0 -> valid;
                case 1 -> Identifiers.noise(random, 16);
                case 2 -> valid.substring(0, 9) + (char) ('0' + random.nextInt(10)) + valid.substring(10);
                case 3 -> valid.substring(0, 10) + "-" + String.format("%03d", random.nextInt(1000));
                default -> Identifiers.mutate(random, valid);
            };
            accepted += check(input, Identifiers.validEnterpriseCode(input), ErrorCode.INVALID_ENTERPRISE_CODE,
                    "enterpriseCode", () -> EnterpriseCode.parse(input).key(), "") ? 1 : 0;
        }
        assertThat(accepted).as("seed %d: some generated enterprise codes are valid", seed).isPositive();
    }

    @Test
    void landParcels() {
        Random random = new Random(seed);
        int accepted = 0;
        for (int i = 0; i < ROUNDS; i++) {
            String[] parts = {Identifiers.digits(random, 5), String.valueOf(1 + random.nextInt(999)),
                    String.valueOf(1 + random.nextInt(99_999))};
            int part = random.nextInt(3);
            parts[part] = switch (random.nextInt(5)) {
                case 0 -> parts[part];
                case 1 -> Identifiers.noise(random, 12);
                case 2 -> random.nextBoolean() ? "0" : String.valueOf(random.nextLong());
                default -> Identifiers.mutate(random, parts[part]);
            };
            String commune = parts[0];
            String sheet = parts[1];
            String parcel = parts[2];
            boolean expected = Identifiers.validLandParcel(commune, sheet, parcel);
            Throwable thrown = catchThrowable(() -> LandParcelRef.parse(commune, sheet, parcel));
            String input = commune + "/" + sheet + "/" + parcel;
            if (expected) {
                assertThat(thrown).as("seed %d: valid land parcel %s refused", seed, printable(input)).isNull();
                accepted++;
            } else {
                assertThat(thrown).as("seed %d: invalid land parcel %s accepted", seed, printable(input))
                        .isInstanceOfSatisfying(HubException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_LAND_PARCEL);
                            assertThat(e.errors()).singleElement().extracting(HubException.FieldProblem::field)
                                    .isIn("communeCode", "mapSheet", "parcelNumber");
                        });
            }
        }
        assertThat(accepted).as("seed %d: some generated land parcels are valid", seed).isPositive();
    }

    /** A birth year of the current year, the year before or the year after, in any century digit. */
    private static String boundaryYear(Random random, String valid, int currentYear) {
        int year = currentYear - 1 + random.nextInt(3);
        int centuryDigit = (year - 1900) / 100 * 2 + random.nextInt(2);
        if (random.nextInt(4) == 0) {
            centuryDigit = random.nextInt(10);
        }
        return valid.substring(0, 3) + centuryDigit + String.format("%02d", year % 100) + valid.substring(6);
    }

    private static boolean check(String input, boolean expected, ErrorCode code, String field,
                                 java.util.concurrent.Callable<String> parse, String context) {
        Throwable thrown = catchThrowable(parse::call);
        if (expected) {
            assertThat(thrown).as("seed %d: valid %s %s refused %s", seed, field, printable(input), context).isNull();
            return true;
        }
        assertThat(thrown).as("seed %d: invalid %s %s accepted %s", seed, field, printable(input), context)
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).as("seed %d: code for %s", seed, printable(input)).isEqualTo(code);
                    assertThat(e.errors()).singleElement().extracting(HubException.FieldProblem::field).isEqualTo(field);
                    if (input.length() >= 8) {
                        assertThat(e.getMessage()).as("seed %d: the detail quotes the input", seed).doesNotContain(input);
                    }
                });
        return false;
    }

    /** The input with every character outside printable ASCII as a \\uXXXX escape, for messages. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.append('"').toString();
    }
}
