package redreg.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import redreg.api.stability.Stable;

/**
 * The valid values of a numeric config key, on a config record's component:
 * {@code public record MyConfig(@Range(min = 0, max = 1) double strength, @Range(min = 1) int window)}.
 *
 * <p>The registry checks every value a YAML file or an override sets before the record is built, and rejects one
 * outside the range with one line naming the file or override that set it, the key, the value and the range;
 * {@code redreg list} and the YAML reference show it. On a list of numbers it applies to every element. A
 * non-finite value (.nan, .inf) is always rejected. Every numeric component of a config record carries one
 * (an unbounded {@code @Range} documents "any value"); cross-field rules stay in the record's constructor or in
 * {@link Plugin#validate}.
 */
@Stable(since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Range {
    /** Smallest valid value (no lower bound when left out). */
    double min() default Double.NEGATIVE_INFINITY;

    /** Largest valid value (no upper bound when left out). */
    double max() default Double.POSITIVE_INFINITY;

    /** {@link #min()} itself is not valid. */
    boolean minExclusive() default false;

    /** {@link #max()} itself is not valid. */
    boolean maxExclusive() default false;
}
