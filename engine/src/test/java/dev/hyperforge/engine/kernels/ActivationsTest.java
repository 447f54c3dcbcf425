package dev.hyperforge.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.Backend;
import dev.hyperforge.engine.layers.Activation;

class ActivationsTest {
    @Test
    void reluGradientPassesExactlyWhereTheActivationIsPositive() {
        Backend.init();
        INDArray a = Nd4j.createFromArray(new float[] {-1f, 0f, 0.5f, 2f, 0f, 3f}).reshape(2, 3);
        INDArray g = Nd4j.createFromArray(new float[] {7f, 8f, -9f, 0.25f, -1f, 1e-30f}).reshape(2, 3);
        INDArray dz = Activations.backward(Activation.RELU, a, g);
        assertEquals(Nd4j.createFromArray(new float[] {0f, 0f, -9f, 0.25f, 0f, 1e-30f}).reshape(2, 3), dz);
    }

    @Test
    void reluGradientEqualsLibnd4jsReluBpBitForBit() {
        Backend.init();
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Nd4j.getRandom().setSeed(3);
            INDArray a = Nd4j.rand(dt, 64, 9, 7, 5).subi(0.5);
            Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh(a, a));   // values of both signs
            org.nd4j.linalg.ops.transforms.Transforms.relu(a, false);
            INDArray g = Nd4j.rand(dt, 64, 9, 7, 5).subi(0.5);
            INDArray expected = g.ulike();
            Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(a, g).addOutputs(expected).addFloatingPointArguments(0.0).build());
            INDArray got = Activations.reluBackward(a, g, g.ulike());
            INDArray same = got.eq(expected).castTo(DataType.INT32);
            assertEquals(a.length(), same.sumNumber().longValue(), "elements that differ from relu_bp in " + dt);
        }
    }
}
