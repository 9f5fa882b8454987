/**
 * The kernel-build chooser and DL4J's renamed-class shim. This jar always runs on the CLASS PATH (the launcher,
 * surefire and library builds keep it there: nothing {@code requires} it), where this descriptor is ignored: its
 * package {@code org.nd4j.nativeblas} is also ND4J's, and a named module owning it would hide ND4J's classes.
 * The descriptor exists so the module compiles like every other one of the build.
 */
module redreg.nd4jshim {
    exports redreg.nd4jshim;
    exports org.nd4j.nativeblas;
}
