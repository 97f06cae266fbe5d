package vn.lgsp.hub.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import vn.lgsp.hub.common.BusinessTime;

/**
 * The offline verifier: {@code java -jar lgsp-hub.jar ledger-verify ...} recomputes the ledger's chain from a
 * database or from a month's archive, without starting the hub, and prints the verification as the admin
 * endpoint answers it (docs/operations.md, "Verifying the ledger offline"). Exit status 0: verified; 1: a
 * batch does not verify (named in the output); 2: the arguments or the data could not be read.
 *
 * <pre>
 *   ledger-verify --public-key KEY [--previous-public-key KEY]... --jdbc-url URL [--user U] [--password P]
 *                 [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 *   ledger-verify --public-key KEY [--previous-public-key KEY]... --archive DIRECTORY --month YYYY-MM
 * </pre>
 * A key is the base64 X.509 Ed25519 public key of {@code hub.ledger.chain.public-key}, or {@code @file} naming a
 * file that holds it. The password may also come from the environment variable {@code LEDGER_VERIFY_PASSWORD}.
 */
public final class LedgerVerifyCommand {

    public static final String NAME = "ledger-verify";

    private LedgerVerifyCommand() {
    }

    /** Runs the command on the arguments after its name; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        String publicKey = null;
        List<String> previous = new ArrayList<>();
        String jdbcUrl = null;
        String user = null;
        String password = System.getenv("LEDGER_VERIFY_PASSWORD");
        String archive = null;
        String month = null;
        String from = null;
        String to = null;
        try {
            for (int i = 0; i < args.size(); i++) {
                String name = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args.get(++i);
                switch (name) {
                    case "--public-key" -> publicKey = key(value);
                    case "--previous-public-key" -> previous.add(key(value));
                    case "--jdbc-url" -> jdbcUrl = value;
                    case "--user" -> user = value;
                    case "--password" -> password = value;
                    case "--archive" -> archive = value;
                    case "--month" -> month = value;
                    case "--from" -> from = value;
                    case "--to" -> to = value;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (publicKey == null || (jdbcUrl == null) == (archive == null)) {
                throw new IllegalArgumentException("give --public-key, and --jdbc-url or --archive (not both)");
            }
            LedgerSigning keys = LedgerSigning.verifying(publicKey, previous);
            LedgerVerifier.Verification v;
            if (archive != null) {
                if (month == null) {
                    throw new IllegalArgumentException("--archive needs --month YYYY-MM");
                }
                Path root = Path.of(archive);
                v = LedgerArchive.verify(name -> open(root, name), YearMonth.parse(month), keys);
            } else {
                LocalDate end = to == null ? LocalDate.now(BusinessTime.ZONE) : LocalDate.parse(to);
                LocalDate start = from == null ? end.minusDays(30) : LocalDate.parse(from);
                Properties credentials = new Properties();
                if (user != null) {
                    credentials.setProperty("user", user);
                }
                if (password != null) {
                    credentials.setProperty("password", password);
                }
                try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials)) {
                    v = new LedgerChainReader(keys).verifyDays(connection, start, end);
                }
            }
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(LedgerVerifier.describe(v)));
            return v.verified() ? 0 : 1;
        } catch (IllegalArgumentException | IllegalStateException | DateTimeParseException e) {
            err.println(NAME + ": " + e.getMessage());
            err.println("usage: " + NAME + " --public-key KEY [--previous-public-key KEY]... "
                    + "(--jdbc-url URL [--user U] [--password P] [--from YYYY-MM-DD] [--to YYYY-MM-DD] "
                    + "| --archive DIRECTORY --month YYYY-MM)");
            return 2;
        } catch (IOException | SQLException e) {
            err.println(NAME + ": the ledger could not be read: " + e.getMessage());
            return 2;
        }
    }

    /**
     * A file of the archive: under the directory given, or under its {@code ledger-YYYY-MM} folder when the
     * directory given is that folder itself.
     */
    private static InputStream open(Path root, String name) throws IOException {
        Path direct = root.resolve(name);
        if (Files.exists(direct)) {
            return Files.newInputStream(direct);
        }
        return Files.newInputStream(root.resolve(Path.of(name).getFileName().toString()));
    }

    private static String key(String value) {
        if (value.startsWith("@")) {
            try {
                return Files.readString(Path.of(value.substring(1))).trim();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the key file " + value.substring(1));
            }
        }
        return value;
    }
}
