package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redreg.api.Plugin;
import redreg.api.experiment.Experiment;
import redreg.api.experiment.Registry;
import redreg.api.experiment.RunResult;

/**
 * Issue 15: malformed experiment files and overrides, each rejected by {@code redreg run} with exit code 2 and
 * exactly one line naming the file or override that set the key, the key, the value and what was expected.
 * Nothing is trained and nothing is written (every case fails while the experiment is loaded).
 */
class BadInputTest {
    /** A small valid experiment: each case changes one thing. */
    static final String BASE = """
            name: bad-input
            task: {name: synthetic, trainSize: 16, testSize: 8}
            training: {epochs: 1}
            output: {progress: false}
            """;
    static final String PLAIN = "expected a plain file name (letters, digits, '.', '_' and '-', starting with a letter"
            + " or digit, at most 100 characters), got ";

    @TempDir
    Path dir;

    /** yaml (written to exp.yaml; {@code @base} extends base.yaml holding BASE), overrides, expected line. */
    static Stream<Arguments> cases() {
        return Stream.of(
                // ---- paths: a name is a plain file name, output.dir a folder
                bad("paths", BASE + "name: ../../tmp/x\n", List.of(), "{exp}: line 5: name: the key is given twice"
                        + " (each key may appear once in a mapping)"),
                bad("paths", BASE.replace("name: bad-input", "name: ../../tmp/x"), List.of(),
                        "{exp}: name: " + PLAIN + "'../../tmp/x'"),
                bad("paths", BASE, List.of("name=/tmp/abs"), "override 'name=/tmp/abs': name: " + PLAIN + "'/tmp/abs'"),
                bad("paths", BASE, List.of("name=a/b"), "override 'name=a/b': name: " + PLAIN + "'a/b'"),
                bad("paths", BASE, List.of("name=''"), "override 'name=''': name: " + PLAIN + "''"),
                bad("paths", BASE, List.of("name=.."), "override 'name=..': name: " + PLAIN + "'..'"),
                bad("paths", BASE, List.of("output.dir="), "override 'output.dir=': output.dir: expected a folder, got"
                        + " an empty string (use . for the working directory)"),
                bad("paths", "@base\noutput: {dir: ''}\n", List.of(), "{exp}: output.dir: expected a folder, got an"
                        + " empty string (use . for the working directory)"),
                // ---- ranges: the key, the value, the range, and who set the value
                range("model.encoder.width=0", "an integer at least 1", "0"),
                range("model.encoder.featureSize=-4", "an integer at least 1", "-4"),
                range("model.encoder.depth=-1", "an integer at least 0", "-1"),
                range("optimizer.lr=-0.1", "a number at least 0", "-0.1"),
                range("optimizer.momentum=1.5", "a number in [0, 1)", "1.5"),
                range("optimizer.weightDecay=-1", "a number at least 0", "-1.0"),
                range("optimizer.lrGamma=0", "a number in (0, 1]", "0.0"),
                range("optimizer.lrStepEpochs=-2", "an integer at least 0", "-2"),
                range("training.maxSteps=-1", "an integer at least 0", "-1"),
                range("training.probeEvery=-5", "an integer at least 0", "-5"),
                range("training.epochs=0", "an integer at least 1", "0"),
                range("losses.unimodalWeight=-2", "a number at least 0", "-2.0"),
                range("task.noise=-1", "a number at least 0", "-1.0"),
                range("task.trainSize=0", "an integer at least 1", "0"),
                bad("ranges", BASE, List.of("model.encoders.visual.width=0"), "override 'model.encoders.visual.width=0':"
                        + " model.encoders.visual.width: expected an integer at least 1, got 0"),
                bad("ranges", BASE, List.of("regulator.name=ogm-ge", "regulator.alpha=-1"),
                        "override 'regulator.alpha=-1': regulator.alpha: expected a number at least 0, got -1.0"),
                bad("ranges", BASE, List.of("regulator.name=redreg", "regulator.redundancyEma=1"),
                        "override 'regulator.redundancyEma=1': regulator.redundancyEma: expected a number in [0, 1),"
                                + " got 1.0"),
                bad("ranges", BASE, List.of("fusion.name=gated", "fusion.hidden=-3"),
                        "override 'fusion.hidden=-3': fusion.hidden: expected an integer at least 0, got -3"),
                bad("ranges", BASE, List.of("task.modalities=[{name: a, shape: [4, 0], signal: 1}]"),
                        "override 'task.modalities=[{name: a, shape: [4, 0], signal: 1}]': task.modalities[0].shape[1]:"
                                + " expected an integer at least 1, got 0"),
                bad("ranges", "@base\noptimizer: {lr: 0.1}\n", List.of(), null), // valid: control for the next two
                bad("ranges", "@base:optimizer: {lr: -1}\n", List.of(), "{base}: optimizer.lr: expected a number"
                        + " at least 0, got -1.0"),
                bad("ranges", "@base:regulator: {name: ogm-ge}\n@child:regulator: {alpha: -0.5}\n", List.of(),
                        "{exp}: regulator.alpha: expected a number at least 0, got -0.5"),
                bad("ranges", "@base\nregulator: {name: ogm-ge, startEpoch: 5, endEpoch: 2}\n", List.of("regulator.endEpoch=1"),
                        "override 'regulator.endEpoch=1': regulator.endEpoch: must not be before startEpoch, got 1 < 5"),
                // ---- silent acceptance
                bad("silent", "", List.of(), "{exp}: the file holds no keys (expected an experiment mapping, e.g. task,"
                        + " fusion, regulator, training; see module-docs/yaml-reference.md)"),
                bad("silent", "# nothing but a comment\n\n", List.of(), "{exp}: the file holds no keys (expected an"
                        + " experiment mapping, e.g. task, fusion, regulator, training; see module-docs/yaml-reference.md)"),
                bad("silent", BASE + "optimizer: {lr: 0.1, lr: 0.2}\n", List.of(), "{exp}: line 5: optimizer.lr: the key"
                        + " is given twice (each key may appear once in a mapping)"),
                bad("silent", BASE + "optimizer: {lr: .nan}\n", List.of(), "{exp}: line 5: optimizer.lr: expected a"
                        + " finite number, got .nan"),
                bad("silent", BASE, List.of("optimizer.lr=.inf"), "override 'optimizer.lr=.inf': optimizer.lr: expected"
                        + " a finite number, got .inf"),
                bad("silent", BASE, List.of("task.modalities=[{name: a, shape: [2], signal: -.inf}]"), "override"
                        + " 'task.modalities=[{name: a, shape: [2], signal: -.inf}]': task.modalities: expected finite"
                        + " numbers, got -.inf"),
                bad("silent", BASE, List.of("optimizer.lr=1e400"), "override 'optimizer.lr=1e400': optimizer.lr:"
                        + " expected a number at least 0, got Infinity"),
                unset("name=null", "a string"),
                unset("regulator=null", "a plug-in name or mapping"),
                unset("model=~", "a mapping"),
                unset("training.epochs=null", "an integer"),
                bad("silent", BASE, List.of("task.use=[visual, null]"), "override 'task.use=[visual, null]':"
                        + " task.use[1]: expected a string, got null"),
                bad("silent", BASE, List.of("regulator.beta=0.5", "regulator.name=joint"), "override"
                        + " 'regulator.beta=0.5': regulator.beta: unknown key; valid keys: (none: it takes no options)"),
                bad("silent", BASE, List.of("task.use=[video]"), "override 'task.use=[video]': task.use: unknown"
                        + " modality 'video'; valid: audio, visual"),
                bad("silent", BASE, List.of("task.modalities=[{name: a, shape: [2], signal: 1},"
                        + " {name: a, shape: [3], signal: 1}]"), "override 'task.modalities=[{name: a, shape: [2],"
                        + " signal: 1}, {name: a, shape: [3], signal: 1}]': task.modalities: the name 'a' is used twice"),
                bad("silent", BASE, List.of("model.encoder.kind=cnnn"), "override 'model.encoder.kind=cnnn':"
                        + " model.encoder.kind: unknown encoder 'cnnn'; did you mean 'cnn'? valid: auto, cnn, mlp, resnet18,"
                        + " sequence, transformer"),
                bad("silent", BASE, List.of("optimizer.kind=adamw"), "override 'optimizer.kind=adamw': optimizer.kind:"
                        + " unknown optimizer 'adamw'; did you mean 'adam'? valid: sgd, adam"),
                bad("silent", "name: x\nregulator: {beta: 0.5}\n", List.of(), "{exp}: regulator.beta: unknown key;"
                        + " valid keys: (none: it takes no options)"),
                // ---- issue 18: did you mean, and a file that is not text
                bad("typos", BASE, List.of("optimizer.lrr=0.1"), "override 'optimizer.lrr=0.1': optimizer.lrr: unknown"
                        + " key; did you mean 'lr'? valid keys: kind, lr, momentum, weightDecay, lrStepEpochs, lrGamma"),
                bad("typos", BASE, List.of("fusion.name=concta"), "override 'fusion.name=concta': fusion.name: unknown"
                        + " fusion 'concta'; did you mean 'concat'? available: " + names(Registry.discover().fusions())),
                bad("typos", "@base\nregulator: redrge\n", List.of(), "{exp}: regulator.name: unknown regulator"
                        + " 'redrge'; did you mean 'redreg'? available: " + names(Registry.discover().regulators())),
                bad("typos", BASE, List.of("task.use=[vsual]"), "override 'task.use=[vsual]': task.use: unknown"
                        + " modality 'vsual'; did you mean 'visual'? valid: audio, visual"),
                // found when the run starts (the fusion is built), still before anything is written
                bad("typos", BASE, List.of("fusion.name=gated", "fusion.gate=vsual"), "override 'fusion.gate=vsual':"
                        + " fusion.gate: unknown modality 'vsual'; did you mean 'visual'? valid modalities: audio, visual"),
                bad("binary", "@binary", List.of(), "{exp}: not UTF-8 text (a YAML file is read as UTF-8; is this a"
                        + " binary file, or saved in another encoding?)"),
                bad("silent", BASE, List.of("a.b..c=1"), "override 'a.b..c=1': expected key.path=value with a dotted"
                        + " key, got key 'a.b..c'"));
    }

    private static String names(java.util.Collection<? extends Plugin<?>> plugins) {
        return String.join(", ", plugins.stream().map(Plugin::name).toList());
    }

    private static Arguments bad(String category, String yaml, List<String> overrides, String expected) {
        return Arguments.of(category, yaml, overrides, expected);
    }

    /** {@code key=null} on a key with a default (only unset keys may be set to null). */
    private static Arguments unset(String override, String expected) {
        String key = override.substring(0, override.indexOf('='));
        return bad("silent", BASE, List.of(override), "override '" + override + "': " + key + ": expected " + expected
                + ", got null (leave the key out to keep its default)");
    }

    private static Arguments range(String override, String expected, String value) {
        String key = override.substring(0, override.indexOf('='));
        return bad("ranges", BASE, List.of(override), "override '" + override + "': " + key + ": expected " + expected
                + ", got " + value);
    }

    @ParameterizedTest(name = "[{index}] {0}: {2} {1}")
    @MethodSource("cases")
    void rejectedWithOneLineAndExitCode2(String category, String yaml, List<String> overrides, String expected)
            throws IOException {
        Path base = dir.resolve("base.yaml");
        Path exp = dir.resolve("exp.yaml");
        Files.writeString(base, BASE);
        String text = yaml;
        if (text.startsWith("@base:")) {
            // "@base:<lines>[@child:<lines>]": base.yaml gets BASE plus <lines>, exp.yaml extends it
            String[] parts = text.substring("@base:".length()).split("@child:", 2);
            Files.writeString(base, BASE + parts[0]);
            text = "extends: base.yaml\n" + (parts.length > 1 ? parts[1] : "");
        } else if (text.startsWith("@base")) {
            text = "extends: base.yaml" + text.substring("@base".length());
        }
        if (text.equals("@binary")) {
            // the first bytes of a PNG: 0x89 and 0xFF are no UTF-8
            Files.write(exp, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, (byte) 0xFF, 0x0D});
        } else {
            Files.writeString(exp, text);
        }
        List<String> args = new ArrayList<>(List.of("run", exp.toString()));
        args.addAll(overrides);
        if (!yaml.contains("output: {dir") && overrides.stream().noneMatch(o -> o.startsWith("output.dir"))) {
            args.add("output.dir=" + dir.resolve("runs"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        if (expected == null) {
            // the control case: the same setup loads (it is not run; see CliTest for runs)
            assertThat(redreg.api.experiment.Experiment.load(exp, overrides).config().optimizer().lr()).isEqualTo(0.1);
            return;
        }
        int code = Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String line = expected.replace("{exp}", exp.toString()).replace("{base}", base.toString());
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: " + line + System.lineSeparator());
        assertThat(code).isEqualTo(2);
        assertThat(dir.resolve("runs")).as("nothing written").doesNotExist();
    }

    /** Issue 18: {@code optimizer.lr=0} is a frozen run (the weights stay as initialised), which is legitimate. */
    @org.junit.jupiter.api.Test
    void aZeroLearningRateIsAFrozenRun() {
        RunResult r = Experiment.fromYaml(BASE, dir, "optimizer.lr=0", "training.epochs=2", "output.dir=" + dir)
                .run(new PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(r.epochs()).hasSize(2);
        assertThat(r.epochs().get(0).lr()).isZero();
        assertThat(r.epochs().get(1).metrics()).as("the same weights evaluate the same")
                .isEqualTo(r.epochs().get(0).metrics());
    }
}
