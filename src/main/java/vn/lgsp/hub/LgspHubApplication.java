package vn.lgsp.hub;

import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import vn.lgsp.hub.ledger.LedgerVerifyCommand;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LgspHubApplication {

    /**
     * Starts the hub, or with {@code ledger-verify} as the first argument runs the offline ledger verifier
     * ({@link LedgerVerifyCommand}) and exits with its status, starting nothing else.
     */
    public static void main(String[] args) {
        if (args.length > 0 && LedgerVerifyCommand.NAME.equals(args[0])) {
            System.exit(LedgerVerifyCommand.run(Arrays.asList(args).subList(1, args.length), System.out, System.err));
        }
        SpringApplication.run(LgspHubApplication.class, args);
    }
}
