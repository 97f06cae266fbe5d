package vn.lgsp.hub.sources.citizens;

import java.time.Clock;
import java.time.Year;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.sources.Subject;
import vn.lgsp.hub.sources.SubjectParser;

/** Reads {@code {personalId}} of {@code GET /api/v1/citizens/{personalId}} (or {@code /lookups/citizens/{personalId}}). */
@Component
class CitizenSubjects implements SubjectParser {

    private final Clock clock;

    CitizenSubjects(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String source() {
        return "citizens";
    }

    @Override
    public Subject parse(Message request) {
        return PersonalId.parse(request.getHeader(PersonalId.FIELD, String.class), Year.now(clock));
    }

    @Override
    public Subject parse(String subject) {
        return PersonalId.parse(subject, Year.now(clock));
    }

    @Override
    public String raw(Message request) {
        return String.valueOf(request.getHeader(PersonalId.FIELD, String.class));
    }
}
