package vn.lgsp.hub.catalogues;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The code lists the hub maps national databases' codes with ({@code catalogues/*.json}, shipped in
 * the jar). A mapper asks {@link #name} for the name of a code it read; the code itself stays in the
 * canonical answer beside the name, so a code the catalogue does not know yet is never lost: its name
 * is then {@code null}.
 */
@Component
public class Catalogues {

    static final String LOCATION = "classpath:catalogues/*.json";

    private final Map<String, Catalogue> shipped;
    /** Each catalogue in use with its index, replaced together: a lookup never pairs one with another's index. */
    private final Map<String, InUse> current = new ConcurrentHashMap<>();

    public Catalogues(ObjectMapper json) {
        this.shipped = load(json);
        shipped.forEach(this::use);
    }

    /** The names of the catalogues the hub has. */
    public Set<String> names() {
        return new TreeMap<>(current).keySet();
    }

    /** A catalogue as the hub uses it now. */
    public Optional<Catalogue> get(String name) {
        InUse inUse = name == null ? null : current.get(name);
        return Optional.ofNullable(inUse == null ? null : inUse.catalogue());
    }

    /** The catalogue as shipped with the hub. */
    public Optional<Catalogue> shipped(String name) {
        return Optional.ofNullable(name == null ? null : shipped.get(name));
    }

    /**
     * The name of {@code code} in {@code catalogue}, or null for a null code or one the catalogue
     * does not list. An unknown catalogue is a programming error.
     */
    public String name(String catalogue, String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        InUse inUse = current.get(catalogue);
        if (inUse == null) {
            throw new IllegalArgumentException("No catalogue named " + catalogue);
        }
        return inUse.index().get(inUse.catalogue().key(code));
    }

    /** Uses {@code catalogue} from now on in place of the one of its name. */
    void use(String name, Catalogue catalogue) {
        current.put(name, new InUse(catalogue, catalogue.index()));
    }

    private record InUse(Catalogue catalogue, Map<String, String> index) {
    }

    private static Map<String, Catalogue> load(ObjectMapper json) {
        Map<String, Catalogue> loaded = new TreeMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
                try (InputStream in = resource.getInputStream()) {
                    Catalogue catalogue = json.readValue(in, Catalogue.class);
                    String expected = resource.getFilename().replaceFirst("\\.json$", "");
                    if (!expected.equals(catalogue.name())) {
                        throw new IllegalStateException("catalogues/" + resource.getFilename() + " names itself "
                                + catalogue.name());
                    }
                    loaded.put(catalogue.name(), catalogue);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("The shipped catalogues cannot be read", e);
        }
        return loaded;
    }
}
