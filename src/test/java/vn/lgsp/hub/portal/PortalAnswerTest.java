package vn.lgsp.hub.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the portal's answers are read (docs/national-systems.md §5.4). */
class PortalAnswerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EXPIRED = List.of("-2");

    private static PortalAnswer read(String body) throws Exception {
        return PortalAnswer.read(JSON.readTree(body), EXPIRED);
    }

    @Test
    void zeroInAnyOfItsSpellingsIsSuccess() throws Exception {
        assertThat(read("{\"error_code\":0}").kind()).isEqualTo(PortalAnswer.Kind.SUCCESS);
        assertThat(read("{\"error_code\":\"0\",\"message\":\"Đồng bộ thành công\"}").kind()).isEqualTo(PortalAnswer.Kind.SUCCESS);
        assertThat(read("{\"error_code\":\"00\"}").kind()).isEqualTo(PortalAnswer.Kind.SUCCESS);
    }

    @Test
    void alreadyExistsIsReadFromTheMessageWhateverTheCodeAndUnicodeForm() throws Exception {
        assertThat(read("{\"error_code\":\"3\",\"message\":\"Hồ sơ đã tồn tại\"}").kind()).isEqualTo(PortalAnswer.Kind.EXISTS);
        String decomposed = Normalizer.normalize("Hồ sơ ĐÃ TỒN TẠI trên hệ thống", Normalizer.Form.NFD);
        JsonNode node = JSON.createObjectNode().put("error_code", -3).put("message", decomposed);
        assertThat(PortalAnswer.read(node, EXPIRED).kind()).isEqualTo(PortalAnswer.Kind.EXISTS);
    }

    @Test
    void aConfiguredCodeIsAnExpiredSessionAndAnyOtherCodeARefusal() throws Exception {
        assertThat(read("{\"error_code\":\"-2\",\"message\":\"Phiên làm việc đã hết hạn\"}").kind())
                .isEqualTo(PortalAnswer.Kind.SESSION_EXPIRED);
        PortalAnswer refused = read("{\"error_code\":-1,\"message\":\"Hồ sơ không hợp lệ\"}");
        assertThat(refused.kind()).isEqualTo(PortalAnswer.Kind.REFUSED);
        assertThat(refused.code()).isEqualTo("-1");
        assertThat(refused.message()).isEqualTo("Hồ sơ không hợp lệ");
        assertThat(PortalAnswer.read(JSON.readTree("{\"error_code\":\"-2\"}"), List.of()).kind())
                .isEqualTo(PortalAnswer.Kind.REFUSED);
    }

    @Test
    void anAnswerWithoutAnErrorCodeIsUnreadable() throws Exception {
        assertThat(read("{\"message\":\"ok\"}").kind()).isEqualTo(PortalAnswer.Kind.UNREADABLE);
        assertThat(read("{\"error_code\":{\"x\":1}}").kind()).isEqualTo(PortalAnswer.Kind.UNREADABLE);
        assertThat(read("[1]").kind()).isEqualTo(PortalAnswer.Kind.UNREADABLE);
        assertThat(PortalAnswer.read(null, EXPIRED).kind()).isEqualTo(PortalAnswer.Kind.UNREADABLE);
    }
}
