package vn.lgsp.hub.support;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database (PostgreSQL mode) with the hub's migrations, for tests of one component. */
public final class MigratedH2 {

    private MigratedH2() {
    }

    public static DataSource create(String name) {
        return create(name, "latest");
    }

    /** Migrated up to {@code version} only ("latest": all); {@link #migrate} takes it on. */
    public static DataSource create(String name, String version) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + name + "-" + System.nanoTime() + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        migrate(h2, version);
        return h2;
    }

    public static void migrate(DataSource database, String version) {
        Flyway.configure().dataSource(database).locations("classpath:db/migration").target(version).load().migrate();
    }
}
