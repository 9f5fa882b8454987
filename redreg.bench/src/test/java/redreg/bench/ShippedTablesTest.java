package redreg.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import redreg.bench.internal.table.TablePlan;

/** Every shipped table spec resolves: all its runs' configs bind against the discovered plug-ins. */
class ShippedTablesTest {

    @Test
    void everyShippedTableExpands() throws Exception {
        Path root = Path.of("..", "tables");
        List<Path> specs;
        try (var s = Files.walk(root)) {
            specs = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(specs).isNotEmpty();
        for (Path spec : specs) {
            TablePlan plan = TablePlan.load(spec);
            assertThat(plan.runs()).as(spec.toString()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void everyShippedExperimentLoads() throws Exception {
        // the stricter checks of issue 15 (plain names, ranges, no duplicate keys) accept every shipped file
        try (var s = Files.list(Path.of("..", "experiments"))) {
            for (Path e : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                assertThat(redreg.api.experiment.Experiment.load(e).hash()).as(e.toString()).hasSize(12);
            }
        }
    }
}
