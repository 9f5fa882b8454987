package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Compatibility shim for DL4J 1.0.0-M2.1: its {@code BaseMKLDNNHelper.mklDnnEnabled()} decides whether the
 * conv / batch-norm / pooling layers may use oneDNN by calling
 * {@code Class.forName("org.nd4j.nativeblas.Nd4jCpu$Environment").getInstance().isUseMKLDNN()}, but ND4J M2
 * renamed that class to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method to
 * {@code isUseONEDNN()}. Without this class the lookup fails, DL4J caches the failure and silently runs its
 * own (8-25x slower) kernels even on a oneDNN build. Delete this class when DL4J fixes the lookup.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The old name; answers with the renamed class's switch (false on a build without oneDNN or on CUDA). */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        static {
            // Reaching the renamed class below loads the native library directly, bypassing ND4J's start-up:
            // make sure the kernel build is chosen first.
            redreg.nd4jshim.KernelSelection.select();
        }

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Whether ND4J's native build has oneDNN and has it switched on. */
        public boolean isUseMKLDNN() {
            try {
                // Reflection, not a direct call: this jar must not need the CPU backend to load (-Pcuda).
                Class<?> renamed = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object env = renamed.getMethod("getInstance").invoke(null);
                Method use = renamed.getMethod("isUseONEDNN");
                return (Boolean) use.invoke(env);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
