package vn.lgsp.hub.criminalrecords;

import java.time.LocalDate;
import java.util.List;

/**
 * A criminal-record certificate (phiếu lý lịch tư pháp) in the canonical model. A certificate No. 1
 * does not show expunged convictions; a certificate No. 2 shows the full record.
 */
record Certificate(String number, LocalDate issuedAt, boolean hasCriminalRecord, List<Conviction> convictions) {

    record Conviction(String offence, String sentence, LocalDate date, String court, Boolean expunged) {
    }
}
