package redreg.api.internal.engine.runfiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The GPU architectures of the CUDA build, read from the jar Maven resolves for {@code -Pcuda}
 * ({@code org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1:linux-x86_64}, 600 MB): every fatbin in {@code libnd4jcuda.so}'s
 * {@code .nv_fatbin} section, each entry's kind (1 PTX, 2 cubin) and sm number, against {@link CudaSupport#CUBINS}
 * and what module-docs/performance.md states. It runs when the jar is on the test class path ({@code -Pcuda}) or
 * with {@code -Dredreg.requireCudaJar=true} (then it must be in the local repository; CI's CUDA step by default,
 * unless {@code REDREG_CI_CUDA_JAR=0}); otherwise it is skipped. The independent check is
 * {@code src/test/resources/cuda_fatbins.py} (a scan of the whole library for fatbin headers: the same 228 fatbins).
 */
class CudaFatbinTest {
    private static final String JAR = "org/nd4j/nd4j-cuda-11.6/1.0.0-M2.1/nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64.jar";
    private static final int FATBIN_MAGIC = 0xBA55ED50;

    /** What the fatbins hold: sm numbers of the cubins and of the PTX entries, and how many fatbins. */
    record Contents(TreeSet<Integer> cubins, TreeSet<Integer> ptx, int fatbins) {
    }

    static Optional<Path> jar() {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.replace('\\', '/').endsWith(JAR.substring(JAR.lastIndexOf('/')))) {
                return Optional.of(Path.of(entry));
            }
        }
        if (!Boolean.getBoolean("redreg.requireCudaJar")) {
            return Optional.empty(); // the CPU suite does not unpack 905 MB on every run
        }
        String local = System.getProperty("maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path p = Path.of(local).resolve(JAR);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** The fatbins of an ELF shared library's {@code .nv_fatbin} section. */
    static Contents read(Path so) throws IOException {
        try (FileChannel ch = FileChannel.open(so, StandardOpenOption.READ)) {
            MappedByteBuffer elf = ch.map(FileChannel.MapMode.READ_ONLY, 0, Math.min(ch.size(), Integer.MAX_VALUE));
            elf.order(ByteOrder.LITTLE_ENDIAN);
            assertThat(elf.getInt(0)).as("ELF magic").isEqualTo(0x464C457F);
            assertThat(elf.get(4)).as("64-bit ELF").isEqualTo((byte) 2);
            long shoff = elf.getLong(0x28);
            int shentsize = Short.toUnsignedInt(elf.getShort(0x3A));
            int shnum = Short.toUnsignedInt(elf.getShort(0x3C));
            int shstrndx = Short.toUnsignedInt(elf.getShort(0x3E));
            long strtab = elf.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
            TreeSet<Integer> cubins = new TreeSet<>();
            TreeSet<Integer> ptx = new TreeSet<>();
            int fatbins = 0;
            boolean found = false;
            for (int i = 0; i < shnum; i++) {
                int sh = (int) (shoff + (long) i * shentsize);
                if (!name(elf, (int) (strtab + elf.getInt(sh))).equals(".nv_fatbin")) {
                    continue;
                }
                found = true;
                long start = elf.getLong(sh + 0x18);
                long end = start + elf.getLong(sh + 0x20);
                long at = start;
                while (at + 16 <= end) {
                    if (elf.getInt((int) at) != FATBIN_MAGIC) {
                        at += 8; // fatbins are 8-byte aligned; padding between them
                        continue;
                    }
                    fatbins++;
                    int headerSize = Short.toUnsignedInt(elf.getShort((int) at + 6));
                    long fatEnd = at + headerSize + elf.getLong((int) at + 8);
                    long e = at + headerSize;
                    while (e < fatEnd) {
                        int kind = Short.toUnsignedInt(elf.getShort((int) e));
                        long entryHeader = Integer.toUnsignedLong(elf.getInt((int) e + 4));
                        long payload = elf.getLong((int) e + 8);
                        int arch = elf.getInt((int) e + 28);
                        assertThat(kind).as("entry kind at " + e).isIn(1, 2);
                        (kind == 1 ? ptx : cubins).add(arch);
                        e += entryHeader + payload;
                    }
                    at = fatEnd;
                }
            }
            assertThat(found).as(".nv_fatbin section in " + so).isTrue();
            return new Contents(cubins, ptx, fatbins);
        }
    }

    private static String name(MappedByteBuffer elf, int at) {
        int end = at;
        while (elf.get(end) != 0) {
            end++;
        }
        byte[] b = new byte[end - at];
        elf.get(at, b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void theCudaLibraryCarriesCubinsForTheDocumentedArchitecturesAndNoPtx() throws Exception {
        Optional<Path> jar = jar();
        if (jar.isEmpty()) {
            assertThat(Boolean.getBoolean("redreg.requireCudaJar")).as("the CUDA jar was required but is not in the"
                    + " local repository: " + JAR).isFalse();
            Assumptions.abort("the CUDA jar is not on the class path (-Pcuda) and -Dredreg.requireCudaJar is not set");
        }
        Path so = Files.createTempFile("libnd4jcuda", ".so");
        try (ZipFile zip = new ZipFile(jar.get().toFile())) {
            ZipEntry lib = zip.stream().filter(z -> z.getName().endsWith("/libnd4jcuda.so")).findFirst().orElseThrow();
            try (InputStream in = zip.getInputStream(lib)) {
                Files.copy(in, so, StandardCopyOption.REPLACE_EXISTING);
            }
            Contents c = read(so);
            assertThat(c.fatbins()).as("fatbins").isGreaterThan(100);
            assertThat(c.ptx()).as("PTX entries (what a driver could compile for a newer GPU)").isEmpty();
            assertThat(c.cubins()).as("cubin architectures").containsExactlyElementsOf(CudaSupport.CUBINS);
            assertThat(CudaSupport.PTX).isFalse();
        } finally {
            Files.deleteIfExists(so);
        }
        String doc = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("../module-docs/performance.md"));
        assertThat(doc).as("performance.md states the list").contains("sm_" + String.join(", ",
                CudaSupport.CUBINS.stream().map(String::valueOf).toList()) + " and no PTX");
    }

    @Test
    void theDocsStateTheListTheBuildChecks() throws IOException {
        String doc = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("../module-docs/performance.md"));
        assertThat(doc).contains("sm_37, 50, 52, 60, 61, 70, 75, 80, 86 and no PTX");
        assertThat(CudaSupport.CUBINS).containsExactly(37, 50, 52, 60, 61, 70, 75, 80, 86);
        assertThat(List.copyOf(new TreeSet<>(CudaSupport.CUBINS))).isEqualTo(CudaSupport.CUBINS);
    }
}
