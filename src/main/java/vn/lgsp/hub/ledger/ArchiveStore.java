package vn.lgsp.hub.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Where the ledger's monthly archives are kept: a directory, or an S3-compatible store ({@link S3ArchiveStore}). */
public interface ArchiveStore extends LedgerArchive.ArchiveSource {

    /** Stores a file under {@code name} ({@code ledger-YYYY-MM/...}), replacing any earlier one. */
    void put(String name, Path file) throws IOException;

    /** Where an archive named so is, for the operator: a path or an {@code s3://} address. */
    String location(String name);

    /** A directory of the hub's host (or a volume mounted there). */
    static ArchiveStore directory(Path root) {
        return new ArchiveStore() {
            @Override
            public void put(String name, Path file) throws IOException {
                Path target = root.resolve(name);
                Files.createDirectories(target.getParent());
                Path part = target.resolveSibling(target.getFileName() + ".part");
                Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }

            @Override
            public InputStream open(String name) throws IOException {
                return Files.newInputStream(root.resolve(name));
            }

            @Override
            public String location(String name) {
                return root.resolve(name).toAbsolutePath().normalize().toString();
            }
        };
    }
}
