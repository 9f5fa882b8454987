package redreg.api.internal.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Locale;
import redreg.api.Range;

/** Reads and checks {@link Range} on config record components: one place for the wording of ranges. */
public final class Ranges {
    private Ranges() {
    }

    /** The numeric class a component holds, directly or as list elements; null for other components. */
    public static Class<?> numericType(RecordComponent c) {
        Type t = c.getGenericType();
        if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
            t = p.getActualTypeArguments()[0];
        }
        return t instanceof Class<?> k && isNumeric(k) ? k : null;
    }

    static boolean isNumeric(Class<?> k) {
        return k == int.class || k == long.class || k == double.class || k == float.class
                || k == Integer.class || k == Long.class || k == Double.class || k == Float.class;
    }

    static boolean isIntegral(Class<?> k) {
        return k == int.class || k == long.class || k == Integer.class || k == Long.class;
    }

    /** "an integer at least 1", "a number in (0, 1]", "any integer" — or null when the component has no range. */
    public static String describe(RecordComponent c) {
        Range r = c.getAnnotation(Range.class);
        Class<?> type = numericType(c);
        return r == null || type == null ? null : describe(r, isIntegral(type));
    }

    static String describe(Range r, boolean integral) {
        String what = integral ? "an integer" : "a number";
        boolean lower = r.min() != Double.NEGATIVE_INFINITY;
        boolean upper = r.max() != Double.POSITIVE_INFINITY;
        if (lower && upper) {
            return what + " in " + (r.minExclusive() ? "(" : "[") + text(r.min(), integral) + ", "
                    + text(r.max(), integral) + (r.maxExclusive() ? ")" : "]");
        }
        if (lower) {
            return what + (r.minExclusive() ? " greater than " : " at least ") + text(r.min(), integral);
        }
        if (upper) {
            return what + (r.maxExclusive() ? " less than " : " at most ") + text(r.max(), integral);
        }
        return integral ? "any integer" : "any finite number";
    }

    /** The short form for tables: {@code ≥ 1}, {@code (0, 1]}, {@code any}. */
    public static String shortForm(RecordComponent c) {
        Range r = c.getAnnotation(Range.class);
        Class<?> type = numericType(c);
        if (r == null || type == null) {
            return null;
        }
        boolean integral = isIntegral(type);
        boolean lower = r.min() != Double.NEGATIVE_INFINITY;
        boolean upper = r.max() != Double.POSITIVE_INFINITY;
        if (lower && upper) {
            return (r.minExclusive() ? "(" : "[") + text(r.min(), integral) + ", " + text(r.max(), integral)
                    + (r.maxExclusive() ? ")" : "]");
        }
        if (lower) {
            return (r.minExclusive() ? "> " : ">= ") + text(r.min(), integral);
        }
        if (upper) {
            return (r.maxExclusive() ? "< " : "<= ") + text(r.max(), integral);
        }
        return "any";
    }

    /** The problem with {@code value} under the component's range, or null when it is valid (or has no range). */
    static String violation(RecordComponent c, Number value) {
        Class<?> type = numericType(c);
        if (type == null || value == null) {
            return null;
        }
        double v = value.doubleValue();
        Range r = c.getAnnotation(Range.class);
        if (!Double.isFinite(v)) {
            return "expected " + (r == null ? "a finite number" : describe(r, isIntegral(type))) + ", got " + value;
        }
        if (r == null) {
            return null;
        }
        boolean ok = (r.minExclusive() ? v > r.min() : v >= r.min()) && (r.maxExclusive() ? v < r.max() : v <= r.max());
        return ok ? null : "expected " + describe(r, isIntegral(type)) + ", got " + value;
    }

    private static String text(double bound, boolean integral) {
        if (integral || bound == Math.rint(bound) && Math.abs(bound) < 1e15) {
            return String.valueOf((long) bound);
        }
        return String.format(Locale.ROOT, "%s", bound);
    }
}
