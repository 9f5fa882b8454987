package redreg.regulators.internal;

import redreg.api.PluginState;
import redreg.api.Regulator;
import redreg.api.RegulatorProvider;
import redreg.api.StepView;
import redreg.regulators.JointConfig;

/** The baseline: plain joint training (with unimodal losses on, the paper's "Joint*"). */
public final class JointProvider implements RegulatorProvider<JointConfig> {

    @Override
    public String name() {
        return "joint";
    }

    @Override
    public String description() {
        return "joint training, gradients unchanged (Joint*, with losses.unimodal: true)";
    }

    @Override
    public Class<JointConfig> configType() {
        return JointConfig.class;
    }

    @Override
    public JointConfig defaults() {
        return new JointConfig();
    }

    @Override
    public Regulator create(JointConfig config) {
        return new Regulator() {
            @Override
            public void regulate(StepView step) {
                // Joint training leaves every gradient as backward computed it.
            }

            @Override
            public boolean saveState(PluginState state) {
                return true; // no state: resumable
            }
        };
    }

    /** Regression too (issue 19): gradients unchanged: any loss. */
    @Override
    public boolean supports(redreg.api.Objective objective) {
        return true;
    }
}
