package vn.lgsp.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The production artefact (the jar {@code package} builds, which the image runs) carries no mock server. */
class PackagingIT {

    @Test
    void theJarHasNoMockServerAndNoDevelopmentMocks() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(Path.of("target"), "lgsp-hub-*.jar")) {
            found.forEach(jars::add);
        }
        assertThat(jars).as("the packaged hub in target/ (failsafe runs after package)").hasSize(1);

        try (JarFile jar = new JarFile(jars.get(0).toFile())) {
            List<String> entries = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
            assertThat(entries).as("the hub's own classes").anyMatch(e -> e.endsWith("vn/lgsp/hub/LgspHubApplication.class"));
            assertThat(entries).as("its libraries").anyMatch(e -> e.startsWith("BOOT-INF/lib/camel-core-engine"));
            assertThat(entries).filteredOn(e -> e.toLowerCase(java.util.Locale.ROOT).contains("wiremock")
                    || e.contains("/devmocks/") || e.contains("jetty")).isEmpty();
        }
    }
}
