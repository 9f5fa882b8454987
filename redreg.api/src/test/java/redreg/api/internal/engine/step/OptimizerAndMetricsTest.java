package redreg.api.internal.engine.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import redreg.api.config.OptimizerConfig;
import redreg.api.internal.engine.loop.Metrics;
import redreg.api.internal.engine.model.Losses;

class OptimizerAndMetricsTest {

    @Test
    void viewsOfOneFlatBufferShareASlotAndUpdateExactlyAsApart() {
        for (String kind : new String[] {"sgd", "adam"}) {
            OptimizerConfig config = new OptimizerConfig(kind, 0.1, 0.9, 0.01, 0, 0.1);
            INDArray flat = Nd4j.rand(DataType.FLOAT, 10);
            INDArray flatGrad = Nd4j.rand(DataType.FLOAT, 10);
            // an encoder's parameters: views end to end, the second one a [2, 3] matrix
            INDArray a = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4));
            INDArray b = flat.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 10)).reshape('c', 2, 3);
            INDArray ga = flatGrad.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 4));
            INDArray gb = flatGrad.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 10)).reshape('c', 2, 3);
            INDArray a2 = a.dup();
            INDArray b2 = b.dup();
            INDArray ga2 = ga.dup();
            INDArray gb2 = gb.dup();
            Optimizer joined = new Optimizer(config);
            joined.add("audio", a, ga);
            joined.add("audio", b, gb);
            Optimizer apart = new Optimizer(config);
            apart.add(a2, ga2);
            apart.add(b2, gb2);
            assertThat(joined.slotCount()).as(kind + ": contiguous views coalesce").isEqualTo(1);
            assertThat(apart.slotCount()).as(kind + ": separate arrays do not").isEqualTo(2);
            Optimizer outside = new Optimizer(config);
            outside.add(a.dup(), ga.dup());
            outside.add(flat, flatGrad);
            assertThat(outside.slotCount()).as(kind + ": heads and fusion (no encoder) keep a slot each").isEqualTo(2);
            for (int step = 0; step < 3; step++) {
                joined.step();
                apart.step();
            }
            assertThat(a).as(kind).isEqualTo(a2);
            assertThat(b).as(kind + ": the views see the joined slot's update").isEqualTo(b2);
            assertThat(b.getFloat(1, 2)).isEqualTo(flat.getFloat(9));
        }
    }

    @Test
    void sgdIsPyTorchHeavyBallWithWeightDecay() {
        // torch.optim.SGD(lr=0.1, momentum=0.9, weight_decay=0.01), two steps with gradients 1.0 then 2.0 on w0 = 1:
        // g1 = 1 + 0.01*1 = 1.01; v1 = 1.01; w1 = 1 - 0.101 = 0.899
        // g2 = 2 + 0.01*0.899 = 2.00899; v2 = 0.9*1.01 + 2.00899 = 2.91799; w2 = 0.899 - 0.291799 = 0.607201
        INDArray w = Nd4j.createFromArray(1.0);
        INDArray g = Nd4j.createFromArray(1.0);
        Optimizer opt = new Optimizer(new OptimizerConfig("sgd", 0.1, 0.9, 0.01, 0, 0.1));
        opt.add(w, g);
        opt.startEpoch(0);
        opt.step();
        assertThat(w.getDouble(0)).isCloseTo(0.899, within(1e-12));
        g.assign(2.0);
        opt.step();
        assertThat(w.getDouble(0)).isCloseTo(0.607201, within(1e-12));
    }

    @Test
    void adamMatchesItsClosedFormFirstStepAndStepLrDecays() {
        // Adam's first step moves by lr * g / (|g| + eps') = lr (bias-corrected m/sqrt(v) = sign(g)).
        INDArray w = Nd4j.createFromArray(0.5, -0.5);
        INDArray g = Nd4j.createFromArray(3.0, -0.25);
        Optimizer opt = new Optimizer(new OptimizerConfig("adam", 0.01, 0.9, 0.0, 2, 0.5));
        opt.add(w, g);
        opt.startEpoch(0);
        opt.step();
        assertThat(w.getDouble(0)).isCloseTo(0.49, within(1e-8));
        assertThat(w.getDouble(1)).isCloseTo(-0.49, within(1e-6));
        opt.startEpoch(3);
        assertThat(opt.learningRate()).isCloseTo(0.005, within(1e-15));
        opt.startEpoch(4);
        assertThat(opt.learningRate()).isCloseTo(0.0025, within(1e-15));
    }

    @Test
    void batchNormStateTakesItsUpdateAsIs() {
        INDArray mean = Nd4j.createFromArray(1.0, 2.0);
        INDArray delta = Nd4j.createFromArray(0.5, -0.5);
        Optimizer opt = new Optimizer(new OptimizerConfig("sgd", 0.1, 0.9, 0.1, 0, 0.1));
        opt.addState(mean, delta);
        opt.step();
        assertThat(mean.toDoubleVector()).containsExactly(0.5, 2.5);
    }

    @Test
    void macroF1MatchesAHandComputation() {
        int[] truth = {0, 0, 1, 1, 2, 2};
        int[] pred = {0, 1, 1, 1, 0, 2};
        // class 0: tp 1 fp 1 fn 1 -> F1 0.5; class 1: tp 2 fp 1 fn 0 -> 0.8; class 2: tp 1 fp 0 fn 1 -> 2/3
        assertThat(Metrics.macroF1(pred, truth, 4)).isCloseTo((0.5 + 0.8 + 2.0 / 3) / 3, within(1e-12));
        assertThat(Metrics.accuracy(pred, truth)).isCloseTo(4.0 / 6, within(1e-12));
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverB() {
        INDArray logits = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {0, 0, 0}});
        INDArray p = Losses.softmax(logits);
        double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertThat(p.getDouble(0, 2)).isCloseTo(Math.exp(3) / e, within(1e-12));
        int[] y = {2, 0};
        assertThat(Losses.crossEntropy(p, y)).isCloseTo((-Math.log(Math.exp(3) / e) - Math.log(1.0 / 3)) / 2, within(1e-12));
        INDArray d = Losses.logitGradient(p, Losses.oneHot(y, 3, logits), 1.0);
        assertThat(d.getDouble(1, 0)).isCloseTo((1.0 / 3 - 1) / 2, within(1e-12));
        assertThat(d.dataType()).isEqualTo(DataType.DOUBLE);
    }
}
