package vn.lgsp.hub.sources.lookup;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The field paths of a canonical model, as data minimisation names them ({@code FieldFilter}): each record
 * component by name, and below a component that is itself a record (or a list of records) its own paths,
 * dotted: {@code permanentAddress}, {@code permanentAddress.provinceCode}. A path ending at an object keeps
 * all of it, so every intermediate path is a path too.
 */
public final class CanonicalFields {

    /** A field path's form: names of letters and digits, starting with a letter, joined by dots; at most 100 characters. */
    public static final Pattern PATH = Pattern.compile("(?=.{1,100}$)[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*");

    private CanonicalFields() {
    }

    /** Every field path of a canonical record type. */
    public static Set<String> of(Class<?> model) {
        Set<String> paths = new TreeSet<>();
        collect(model, "", paths, 0);
        return paths;
    }

    /** Every path of {@code names} (canonical names, possibly dotted) with all the paths above them. */
    public static Set<String> ofNames(Collection<String> names) {
        Set<String> paths = new TreeSet<>();
        for (String name : names) {
            int dot = -1;
            while ((dot = name.indexOf('.', dot + 1)) > 0) {
                paths.add(name.substring(0, dot));
            }
            paths.add(name);
        }
        return paths;
    }

    private static void collect(Class<?> type, String prefix, Set<String> paths, int depth) {
        if (!type.isRecord() || depth > 5) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String path = prefix + component.getName();
            paths.add(path);
            Class<?> below = component.getType();
            if (Collection.class.isAssignableFrom(below)) {
                below = element(component.getGenericType());
            }
            if (below != null) {
                collect(below, path + ".", paths, depth + 1);
            }
        }
    }

    private static Class<?> element(Type collection) {
        if (collection instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return null;
    }
}
