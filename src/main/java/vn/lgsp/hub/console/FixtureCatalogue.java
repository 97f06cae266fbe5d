package vn.lgsp.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.Problems;

/**
 * {@code GET /console/fixtures}: the catalogue of the mocks' fixture subjects (mock-endpoints/fixtures.json)
 * for the console's integration testers, read from the location {@code hub.console.fixtures} names (a
 * Spring resource location: {@code file:…} or {@code classpath:…}) each time it is asked for, so an edit
 * shows without a restart. Without a location (production), or when nothing is there, the answer is
 * {@code 404 client.not_found}.
 */
@RestController
class FixtureCatalogue {

    private static final Logger LOG = LoggerFactory.getLogger(FixtureCatalogue.class);
    /** More than any catalogue needs; a bigger file is not served. */
    private static final int MAX_BYTES = 1024 * 1024;

    private final Resource catalogue;
    private final Problems problems;

    FixtureCatalogue(@Value("${hub.console.fixtures:}") String location, ResourceLoader resources, Problems problems) {
        this.catalogue = location == null || location.isBlank() ? null : resources.getResource(location.strip());
        this.problems = problems;
    }

    @GetMapping("/console/fixtures")
    void fixtures(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = read();
        if (body == null) {
            problems.write(request, response, ErrorCode.NOT_FOUND,
                    catalogue == null ? "No fixture catalogue is configured (hub.console.fixtures)"
                            : "The fixture catalogue cannot be read", List.of());
            return;
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private byte[] read() {
        if (catalogue == null || !catalogue.isReadable()) {
            return null;
        }
        try (InputStream in = catalogue.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                LOG.warn("The fixture catalogue {} is over {} bytes: not served", catalogue, MAX_BYTES);
                return null;
            }
            return bytes;
        } catch (IOException e) {
            LOG.warn("The fixture catalogue {} cannot be read: {}", catalogue, e.toString());
            return null;
        }
    }
}
