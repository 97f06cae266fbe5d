package floor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The framework floor: a GET in, the population database's SOAP request POSTed to the mock, its
 * answer passed back, nothing else (no security, no ledger, no mapping, no logging). Two ways:
 * {@code /camel/citizens/{id}} through Camel's servlet and HTTP components (the hub's stack), and
 * {@code /mvc/citizens/{id}} through a Spring MVC controller and a pooled Apache HttpClient.
 */
@SpringBootApplication
public class FloorApplication {

    static final String[][] HEADERS = {
        {"X-Road-Client", "VN/GOV/000.00.00.H12/LGSP-HUB"}, {"ApiKey", "dev-ndxp-api-key"},
        {"Timestamp", "1764547200000"}, {"Authorization", "Basic ZGV2LWh1Yjpub3QtY2hlY2tlZC1ieS10aGUtbW9jaw=="}};

    public static void main(String[] args) {
        SpringApplication.run(FloorApplication.class, args);
    }

    /** The population service's SOAP request the benchmarks send (bench/citizen-request.xml). */
    static byte[] soap(String file) {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    @Component
    static class Routes extends RouteBuilder {

        @Value("${floor.mock-url}")
        String mock;

        @Value("${floor.request-file}")
        String requestFile;

        @Override
        public void configure() {
            String body = new String(soap(requestFile), StandardCharsets.UTF_8);
            var route = from("servlet:/citizens?matchOnUriPrefix=true&httpMethodRestrict=GET")
                    .removeHeaders("*")
                    .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/xml; charset=UTF-8"));
            for (String[] h : HEADERS) {
                route = route.setHeader(h[0], constant(h[1]));
            }
            route.setBody(constant(body))
                    .to(mock + "/dancuquocgia/TraCuuThongTinCongDan?bridgeEndpoint=true")
                    .convertBodyTo(byte[].class)
                    .removeHeaders("*")
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/xml"));
        }
    }

    @RestController
    static class Mvc {

        private final byte[] body;
        private final String url;
        private final CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(200).setMaxConnPerRoute(200).build())
                .disableContentCompression().disableCookieManagement().disableAuthCaching().build();

        Mvc(@Value("${floor.mock-url}") String mock, @Value("${floor.request-file}") String requestFile) {
            this.url = mock + "/dancuquocgia/TraCuuThongTinCongDan";
            this.body = soap(requestFile);
        }

        @GetMapping("/mvc/citizens/{id}")
        ResponseEntity<byte[]> citizen(@PathVariable String id) throws IOException {
            HttpPost post = new HttpPost(url);
            for (String[] h : HEADERS) {
                post.setHeader(h[0], h[1]);
            }
            post.setEntity(new ByteArrayEntity(body, ContentType.create("application/xml", StandardCharsets.UTF_8)));
            byte[] answer = client.execute(post, response -> EntityUtils.toByteArray(response.getEntity()));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(answer);
        }
    }
}
