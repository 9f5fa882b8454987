package redreg.api.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redreg.api.ModalityEncoder;
import redreg.api.ModalitySpec;
import redreg.api.Task;
import redreg.api.config.EncoderSpec;
import redreg.api.internal.config.Provenance;
import redreg.api.internal.config.RecordBinder;

/**
 * An experiment's encoder keys ({@code model.encoder}, {@code model.encoders.<modality>}): checked when the
 * experiment loads, merged per modality and bound to their plug-ins when a task names the modalities.
 */
final class ExperimentEncoders {
    private final ExperimentConfig config;
    private final Registry registry;
    private final Provenance provenance;

    ExperimentEncoders(ExperimentConfig config, Registry registry, Provenance provenance) {
        this.config = config;
        this.registry = registry;
        this.provenance = provenance;
    }

    /** Issue 15: per-modality encoder keys are checked at load (their modality names once the task is built). */
    void check() {
        checkEncoder(config.model().encoder(), "model.encoder");
        if (config.model().encoders() != null) {
            config.model().encoders().fields().forEachRemaining(e -> {
                EncoderSpec merged = RecordBinder.encoderSpec(config.model().encoder(), e.getValue(),
                        "model.encoders." + e.getKey(), provenance);
                if (!merged.kind().equals("auto")) {
                    registry.modalityEncoder(null, merged, "model.encoders." + e.getKey(), provenance,
                            shared(e.getValue()));
                }
            });
        }
    }

    /** The provider classes of the encoder kinds this experiment names. */
    List<Class<?>> providerClasses() {
        java.util.Set<String> kinds = new java.util.LinkedHashSet<>(List.of(config.model().encoder().kind()));
        if (config.model().encoders() != null) {
            config.model().encoders().forEach(n -> {
                if (n.has("kind")) {
                    kinds.add(n.get("kind").asText());
                }
            });
        }
        return registry.encoders().stream().filter(p -> kinds.contains(p.name()))
                .<Class<?>>map(Object::getClass).toList();
    }

    /** An encoder kind names a plug-in (or auto); a named one's keys bind onto its config now. */
    private void checkEncoder(EncoderSpec spec, String path) {
        if (spec.kind().equals("auto")) {
            return;
        }
        Registry.bind(registry.encoder(spec, path, provenance), spec.options(), path, provenance);
    }

    /** The keys a modality inherits from {@code model.encoder} (those its own block does not set). */
    private java.util.Set<String> shared(JsonNode own) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        config.model().encoder().options().fieldNames().forEachRemaining(keys::add);
        if (own != null) {
            own.fieldNames().forEachRemaining(keys::remove);
        }
        return keys;
    }

    /** The encoder spec of each modality: {@code model.encoder} with {@code model.encoders.<modality>} merged on top. */
    Map<String, EncoderSpec> specs(Task task) {
        List<String> names = task.modalities().stream().map(ModalitySpec::name).toList();
        ObjectNode perModality = config.model().encoders();
        if (perModality != null) {
            perModality.fieldNames().forEachRemaining(m -> {
                if (!names.contains(m)) {
                    throw RecordBinder.error(provenance, "model.encoders." + m,
                            "unknown modality; this task's modalities: " + String.join(", ", names));
                }
            });
        }
        Map<String, EncoderSpec> out = new LinkedHashMap<>();
        for (String m : names) {
            JsonNode node = perModality == null ? null : perModality.get(m);
            out.put(m, node == null ? config.model().encoder()
                    : RecordBinder.encoderSpec(config.model().encoder(), node, "model.encoders." + m, provenance));
        }
        return out;
    }

    /**
     * The encoder of each modality, its plug-in chosen ({@code auto}: from the sample's rank) and its keys bound:
     * what the engine builds.
     */
    Map<String, ModalityEncoder> encoders(Task task) {
        Map<String, EncoderSpec> specs = specs(task);
        Map<String, ModalityEncoder> out = new LinkedHashMap<>();
        ObjectNode perModality = config.model().encoders();
        for (ModalitySpec m : task.modalities()) {
            EncoderSpec spec = specs.get(m.name());
            String path = perModality != null && perModality.has(m.name()) ? "model.encoders." + m.name()
                    : "model.encoder";
            out.put(m.name(), registry.modalityEncoder(m, spec, path, provenance,
                    shared(perModality == null ? null : perModality.get(m.name()))));
        }
        // a shared key some encoder skips is fine; one that no modality's encoder takes is a mistake
        config.model().encoder().options().fieldNames().forEachRemaining(key -> {
            boolean taken = out.values().stream().anyMatch(e -> java.util.Arrays.stream(
                    e.provider().configType().getRecordComponents()).anyMatch(c -> c.getName().equals(key)));
            if (!taken) {
                throw RecordBinder.error(provenance, "model.encoder." + key, "no modality's encoder takes this key"
                        + " (encoders: " + out.values().stream().map(ModalityEncoder::kind).distinct()
                        .collect(java.util.stream.Collectors.joining(", ")) + ")");
            }
        });
        return out;
    }}
