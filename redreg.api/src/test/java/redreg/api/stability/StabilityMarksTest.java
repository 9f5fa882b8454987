package redreg.api.stability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every public type of a package redreg.api exports to everybody carries {@link Stable} or {@link Experimental}
 * (not both), so a plug-in author knows what may change. The packages are read from module-info.java, the types
 * from the sources, the marks from the compiled classes.
 */
class StabilityMarksTest {
    private static final Path SOURCES = Path.of(System.getProperty("basedir", ".")).resolve("src/main/java");

    /** The unqualified {@code exports} of the module descriptor. */
    static List<String> exportedPackages() throws IOException {
        String info = Files.readString(SOURCES.resolve("module-info.java")).replaceAll("//[^\\n]*", "");
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\bexports\\s+([\\w.]+)\\s*;").matcher(info);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static List<Class<?>> publicTypes(String pkg) throws IOException, ClassNotFoundException {
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES.resolve(pkg.replace('.', '/')))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".java", "");
                if (name.equals("package-info")) {
                    continue;
                }
                Class<?> c = Class.forName(pkg + "." + name, false, StabilityMarksTest.class.getClassLoader());
                if (Modifier.isPublic(c.getModifiers())) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    @Test
    void everyPublicTypeOfTheExportedPackagesIsMarked() throws Exception {
        List<String> packages = exportedPackages();
        assertThat(packages).contains("redreg.api", "redreg.api.nn", "redreg.api.config", "redreg.api.experiment",
                "redreg.api.signals", "redreg.api.stability");
        List<String> unmarked = new ArrayList<>();
        List<String> both = new ArrayList<>();
        int marked = 0;
        for (String pkg : packages) {
            for (Class<?> c : publicTypes(pkg)) {
                boolean stable = c.isAnnotationPresent(Stable.class);
                boolean experimental = c.isAnnotationPresent(Experimental.class);
                if (!stable && !experimental) {
                    unmarked.add(c.getName());
                } else if (stable && experimental) {
                    both.add(c.getName());
                } else {
                    marked++;
                }
            }
        }
        assertThat(unmarked).as("public SPI types without @Stable or @Experimental").isEmpty();
        assertThat(both).as("public SPI types marked both @Stable and @Experimental").isEmpty();
        assertThat(marked).as("the scan found the SPI").isGreaterThan(40);
    }

    @Test
    void theCorePlugInContractIsStableAndTheYoungerPartsSayWhyTheyMayChange() throws Exception {
        for (String name : List.of("Regulator", "Fusion", "Task", "StepView", "LossControl", "TrainingContext",
                "Clock")) {
            assertThat(Class.forName("redreg.api." + name).getAnnotation(Stable.class)).as(name).isNotNull();
        }
        for (String pkg : exportedPackages()) {
            for (Class<?> c : publicTypes(pkg)) {
                Experimental e = c.getAnnotation(Experimental.class);
                if (e != null) {
                    assertThat(e.why()).as(c.getName() + " says why it may change").isNotBlank();
                }
            }
        }
    }
}
