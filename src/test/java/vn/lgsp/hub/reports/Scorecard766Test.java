package vn.lgsp.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.reports.ReuseFigures.DossierCounts;

class Scorecard766Test {

    private static DossierCounts counts(long received, long withReuse, long citizen, long synced, long digitized,
                                        Set<String> procedures, Set<String> citizenProcedures) {
        return new DossierCounts(received, withReuse, 0, withReuse, citizen, synced, 0, 0, digitized, procedures,
                citizenProcedures);
    }

    private static Scorecard766.Indicator indicator(Scorecard766 card, String code) {
        return card.indicators().stream().filter(i -> i.code().equals(code)).findFirst().orElseThrow();
    }

    @Test
    void reuseHasFullPointsAtEightyPercentComputedFromTheCountsNotTheRoundedRate() {
        // docs/domain.md's example: 9 received, 7 with reuse
        Scorecard766 card = Scorecard766.of(counts(9, 7, 0, 0, 0, Set.of("1.000001"), Set.of()));
        assertThat(indicator(card, Scorecard766.REUSED_DIGITIZED_DATA).rate()).isEqualByComparingTo("0.7778");
        assertThat(indicator(card, Scorecard766.REUSED_DIGITIZED_DATA).points()).isEqualByComparingTo("1.9444");
        Scorecard766 above = Scorecard766.of(counts(10, 9, 0, 0, 0, Set.of(), Set.of()));
        assertThat(indicator(above, Scorecard766.REUSED_DIGITIZED_DATA).points()).isEqualByComparingTo("2");
    }

    @Test
    void theOthersAreInProportionToTheirRates() {
        Scorecard766 card = Scorecard766.of(counts(3, 0, 1, 2, 1, Set.of("1.000001", "1.000002", "1.000003"),
                Set.of("1.000001")));
        assertThat(indicator(card, Scorecard766.CITIZEN_DATA_CONNECTED_DOSSIER).points()).isEqualByComparingTo("0.6667");
        assertThat(indicator(card, Scorecard766.CITIZEN_DATA_CONNECTED_FORMALITY).numerator()).isEqualTo(1);
        assertThat(indicator(card, Scorecard766.CITIZEN_DATA_CONNECTED_FORMALITY).denominator()).isEqualTo(3);
        assertThat(indicator(card, Scorecard766.CITIZEN_DATA_CONNECTED_FORMALITY).points()).isEqualByComparingTo("0.6667");
        assertThat(indicator(card, Scorecard766.DOSSIER_SYNC).points()).isEqualByComparingTo("4");
        assertThat(indicator(card, Scorecard766.COMPONENTS_DIGITIZED).rate()).isEqualByComparingTo("0.3333");
        assertThat(indicator(card, Scorecard766.COMPONENTS_DIGITIZED).points()).isNull();
        assertThat(card.points()).isEqualByComparingTo("5.3334");
        assertThat(card.maximum()).isEqualByComparingTo("12");
    }

    @Test
    void addingGroupsCountsAProcedureOnce() {
        DossierCounts monday = counts(1, 0, 1, 0, 0, Set.of("1.000001"), Set.of("1.000001"));
        DossierCounts tuesday = counts(2, 0, 0, 0, 0, Set.of("1.000001", "1.000002"), Set.of());
        Scorecard766 week = Scorecard766.of(monday.plus(tuesday));
        assertThat(indicator(week, Scorecard766.CITIZEN_DATA_CONNECTED_FORMALITY).numerator()).isEqualTo(1);
        assertThat(indicator(week, Scorecard766.CITIZEN_DATA_CONNECTED_FORMALITY).denominator()).isEqualTo(2);
    }

    @Test
    void nothingReceivedIsNoPoints() {
        Scorecard766 card = Scorecard766.of(DossierCounts.NONE);
        card.indicators().forEach(i -> assertThat(i.rate()).isEqualByComparingTo("0"));
        assertThat(card.points()).isEqualByComparingTo("0");
    }
}
