package redreg.api.stability;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A part of the SPI a plug-in may build on: it changes only in a compatible way (new default methods, new optional
 * keys) within a major version; anything else is deprecated for a release first. Nested types share the mark of the
 * type they are declared in unless they carry their own. The model is JUnit's {@code @API(status = STABLE)}.
 */
@Stable(since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface Stable {

    /** The version since which it is stable. */
    String since();
}
