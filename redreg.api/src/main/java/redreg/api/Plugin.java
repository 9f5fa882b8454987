package redreg.api;

import redreg.api.stability.Stable;

/**
 * What every plug-in provider shares: a name used in YAML, an immutable config record and its defaults.
 *
 * <p>The registry binds a YAML node onto {@link #defaults()}: keys are the record's component names,
 * unknown keys are rejected with the list of valid ones. The record must be public, in a package the
 * plug-in module exports (the registry reads it reflectively).
 *
 * @param <C> the plug-in's config record
 */
@Stable(since = "0.1")
public interface Plugin<C extends Record> {

    /** The name used in YAML ({@code regulator: {name: redreg}}), lower-case with dashes. */
    String name();

    /** One line for {@code redreg list}. */
    String description();

    /** The config record type. */
    Class<C> configType();

    /** The defaults (the paper's values for a method). */
    C defaults();

    /**
     * The config as the plug-in will use it, presets filled in (e.g. RedReg's variant resolved). This is what a
     * run's {@code config.yaml} records and what its hash covers, so a change of a preset changes the run's key.
     * Its keys must bind back onto {@link #configType()}.
     */
    default Record effective(C config) {
        return config;
    }

    /**
     * Optional cross-field validation: throw {@code ConfigException.at(key, problem)} naming the key (relative to
     * this config, e.g. {@code "endEpoch"}); the registry puts the plug-in's path in front and names the file or
     * override that set it.
     */
    default void validate(C config) {
    }
}
