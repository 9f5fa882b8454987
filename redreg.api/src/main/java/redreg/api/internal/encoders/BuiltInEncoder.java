package redreg.api.internal.encoders;

import java.util.Set;
import redreg.api.EncoderProvider;

/** What the built-in encoder providers share: name, description, config type and defaults. */
abstract class BuiltInEncoder<C extends Record> implements EncoderProvider<C> {
    private final String name;
    private final String description;
    private final Class<C> type;
    private final C defaults;
    private final Set<Integer> ranks;

    BuiltInEncoder(String name, String description, Class<C> type, C defaults, Set<Integer> ranks) {
        this.name = name;
        this.description = description;
        this.type = type;
        this.defaults = defaults;
        this.ranks = ranks;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Class<C> configType() {
        return type;
    }

    @Override
    public C defaults() {
        return defaults;
    }

    @Override
    public Set<Integer> ranks() {
        return ranks;
    }

    @Override
    public boolean hasStages() {
        return true;
    }

    /** The number in a layer name matching {@code pattern}'s group 1, or an error naming the layer. */
    int stageNumber(java.util.regex.Pattern pattern, String layer) {
        java.util.regex.Matcher m = pattern.matcher(layer);
        if (!m.matches()) {
            throw new IllegalStateException("layer '" + layer + "' of a " + name + " encoder belongs to no stage");
        }
        return Integer.parseInt(m.group(1));
    }
}
