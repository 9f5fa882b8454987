package redreg.api.stability;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A part of the SPI that may still change in any release, incompatibly, as the methods that use it teach us more
 * (a plug-in using it may need an edit on upgrade; the release notes say what changed). Nested types share the mark
 * of the type they are declared in unless they carry their own. The model is JUnit's
 * {@code @API(status = EXPERIMENTAL)}.
 */
@Stable(since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Experimental {

    /** The version that introduced it. */
    String since();

    /** Why it may change (what is still open), in a few words. */
    String why() default "";
}
