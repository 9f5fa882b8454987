/**
 * A test kit for plug-in authors (JUnit's {@code EngineTestKit} is the model): add it with test scope.
 *
 * <ul>
 *   <li>{@link redreg.testkit.TestStep} and {@link redreg.testkit.TestContext}: a step (its loss-shaping and its
 *       after-backward view) and a training context built from given arrays, recording what a regulator did
 *       (diagnostics, loss weights, terms, extra passes, back-propagated gradients);
 *       {@link redreg.testkit.TestBatch} and {@link redreg.testkit.TestFusion} for the other hooks;</li>
 *   <li>{@link redreg.testkit.GradientCheck}: central finite differences against an analytic gradient;</li>
 *   <li>{@link redreg.testkit.TrainingKit}: a few epochs on the built-in synthetic task through the public
 *       {@code Experiment} facade, returning every step's diagnostics.</li>
 * </ul>
 *
 * <p>It needs the exported SPI only, and no test framework: a failed check is an {@link AssertionError}.
 * DL4J/ND4J stay on the class path, so this module reads the unnamed module
 * ({@code --add-reads redreg.testkit=ALL-UNNAMED}) like every plug-in module.
 */
module redreg.testkit {
    requires transitive redreg.api;

    exports redreg.testkit;
}
