package vn.lgsp.hub.dossiers;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.dossiers.*}.
 *
 * @param requiredFields the optional fields of a dossier this deployment requires at {@code PUT}, because
 *        the portal refuses a dossier without them (the official list is not public: none by default, so
 *        that existing clients keep working; docs/api.md §4 lists the names)
 */
@ConfigurationProperties("hub.dossiers")
public record DossiersProperties(@DefaultValue List<String> requiredFields) {

    public DossiersProperties {
        requiredFields = requiredFields == null ? List.of() : List.copyOf(requiredFields);
        for (String field : requiredFields) {
            if (!DossierValidation.OPTIONAL_FIELDS.containsKey(field)) {
                throw new IllegalArgumentException("hub.dossiers.required-fields: " + field
                        + " is not an optional field of a dossier; one of "
                        + DossierValidation.OPTIONAL_FIELDS.keySet().stream().sorted().toList());
            }
        }
    }
}
