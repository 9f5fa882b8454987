package redreg.bench.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code redreg --version}: the project's version, the DL4J/ND4J version it was built against, and the kernel
 * build actually loaded (ND4J's backend class, and JavaCPP's platform extension: empty for the plain CPU build,
 * e.g. {@code -avx2} for an AVX2 one).
 */
public final class VersionInfo implements IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties p = built();
        String backend = org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName();
        String extension = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        return new String[] {
            "redreg " + p.getProperty("version"),
            "DL4J/ND4J " + p.getProperty("dl4j"),
            "kernels: " + backend + ", platform extension '" + extension + "'"
                + (extension.isEmpty() ? " (generic CPU build)" : ""),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }

    /** The versions Maven wrote into the jar (resource filtering of version.properties). */
    static Properties built() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("/redreg/bench/version.properties")) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("redreg.bench was built without its version.properties", e);
        }
        return p;
    }
}
