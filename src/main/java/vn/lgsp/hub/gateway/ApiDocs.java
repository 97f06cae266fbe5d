package vn.lgsp.hub.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hub's OpenAPI document, {@code docs/openapi.yaml} (on the classpath as {@value #LOCATION}):
 * as written at {@code GET /v3/api-docs.yaml}, and as JSON at {@code GET /v3/api-docs}, converted
 * once when the hub starts. The document is the contract; nothing here generates any of it.
 */
@RestController
class ApiDocs {

    static final String LOCATION = "openapi/openapi.yaml";
    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final byte[] yaml;
    private final byte[] json;

    ApiDocs() throws IOException {
        try (InputStream in = new ClassPathResource(LOCATION).getInputStream()) {
            yaml = in.readAllBytes();
        }
        JsonNode document = new YAMLMapper().readTree(yaml);
        json = new JsonMapper().writeValueAsBytes(document);
    }

    @GetMapping("/v3/api-docs")
    ResponseEntity<byte[]> json() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json);
    }

    @GetMapping("/v3/api-docs.yaml")
    ResponseEntity<byte[]> yaml() {
        return ResponseEntity.ok().contentType(YAML).body(yaml);
    }
}
