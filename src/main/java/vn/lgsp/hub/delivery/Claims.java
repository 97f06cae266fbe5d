package vn.lgsp.hub.delivery;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What a destination's claim ({@link Destination#claim}) read off its batched update. */
public final class Claims {

    private Claims() {
    }

    /**
     * The rows the update changed, in their order: those it found not queued yet. A driver that does not say
     * ({@link Statement#SUCCESS_NO_INFO}) counts as changed: sent again rather than never.
     *
     * @param updated the batch's update counts, one per row
     */
    public static <T> List<T> claimed(List<T> rows, int[] updated) {
        List<T> claimed = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            if (updated[i] > 0 || updated[i] == Statement.SUCCESS_NO_INFO) {
                claimed.add(rows.get(i));
            }
        }
        return claimed;
    }
}
