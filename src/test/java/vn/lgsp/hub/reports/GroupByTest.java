package vn.lgsp.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.reports.ReuseReports.GroupBy;

/** The keys of the period rows: ISO 8601 weeks and months of a day. */
class GroupByTest {

    private static String week(String day) {
        return GroupBy.WEEK.periodOf(LocalDate.parse(day));
    }

    @Test
    void aWeekBeginsOnMonday() {
        assertThat(week("2026-11-29")).isEqualTo("2026-W48"); // Sunday
        assertThat(week("2026-11-30")).isEqualTo("2026-W49"); // Monday
        assertThat(week("2026-11-23")).isEqualTo("2026-W48");
    }

    @Test
    void theWeekYearIsTheYearOfTheWeeksThursday() {
        // 2026 begins on a Thursday: it has 53 weeks, and its last days are in its week 53
        assertThat(week("2026-01-01")).isEqualTo("2026-W01");
        assertThat(week("2026-12-31")).isEqualTo("2026-W53");
        assertThat(week("2027-01-03")).isEqualTo("2026-W53");
        assertThat(week("2027-01-04")).isEqualTo("2027-W01");
        // and a year's first days can be in the week of the year before, or its last in the next one's
        assertThat(week("2021-01-03")).isEqualTo("2020-W53");
        assertThat(week("2024-12-30")).isEqualTo("2025-W01");
    }

    @Test
    void monthsAndDays() {
        assertThat(GroupBy.MONTH.periodOf(LocalDate.parse("2026-12-31"))).isEqualTo("2026-12");
        assertThat(GroupBy.MONTH.periodOf(LocalDate.parse("2027-01-01"))).isEqualTo("2027-01");
        assertThat(GroupBy.DAY.periodOf(LocalDate.parse("2026-03-05"))).isEqualTo("2026-03-05");
        assertThat(GroupBy.AGENCY.isPeriod()).isFalse();
    }
}
