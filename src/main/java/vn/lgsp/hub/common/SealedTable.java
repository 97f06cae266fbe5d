package vn.lgsp.hub.common;

import java.util.List;
import java.util.function.Function;

/**
 * A table whose rows hold columns sealed by {@link DataProtection}, all of a row's under the key version in its
 * {@code key_version} column, as the package that owns the table declares it ({@link Owner}): what the
 * re-encryption job needs to move the rows to the current key without knowing what they hold.
 *
 * @param table the table's name
 * @param keyColumns its primary key's columns, in the order rows are paged through
 * @param columns its sealed columns (any may be null in a row)
 */
public record SealedTable(String table, List<String> keyColumns, List<Column> columns) {

    public SealedTable {
        keyColumns = List.copyOf(keyColumns);
        columns = List.copyOf(columns);
    }

    /**
     * A sealed column.
     *
     * @param associatedData the associated data its value is sealed with, from the row's key values (in the
     *                       order of {@code keyColumns}, as JDBC reads them)
     */
    public record Column(String name, Function<List<Object>, String> associatedData) {
    }

    /** A package that seals columns of its tables: each table, for the re-encryption job. */
    public interface Owner {
        List<SealedTable> sealedTables();
    }
}
