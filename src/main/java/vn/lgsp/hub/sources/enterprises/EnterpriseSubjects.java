package vn.lgsp.hub.sources.enterprises;

import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.sources.lookup.Subject;
import vn.lgsp.hub.sources.lookup.SubjectKind;
import vn.lgsp.hub.sources.lookup.SubjectParser;

/** Reads {@code {enterpriseCode}} of {@code GET /api/v1/enterprises/{enterpriseCode}}. */
@Component
class EnterpriseSubjects implements SubjectParser {

    @Override
    public String source() {
        return "enterprises";
    }

    @Override
    public SubjectKind subjectKind() {
        return SubjectKind.ENTERPRISE_CODE;
    }

    @Override
    public Class<?> canonicalModel() {
        return Enterprise.class;
    }

    @Override
    public String path() {
        return "/enterprises/{" + EnterpriseCode.FIELD + "}";
    }

    @Override
    public Subject parse(Message request) {
        return EnterpriseCode.parse(request.getHeader(EnterpriseCode.FIELD, String.class));
    }

    @Override
    public Subject parse(String subject) {
        return EnterpriseCode.parse(subject);
    }

    @Override
    public String raw(Message request) {
        return String.valueOf(request.getHeader(EnterpriseCode.FIELD, String.class));
    }
}
