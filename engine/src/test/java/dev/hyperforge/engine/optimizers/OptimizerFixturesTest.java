package dev.hyperforge.engine.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hyperforge.engine.Shape;
import dev.hyperforge.engine.layers.Activation;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.layers.ParamInit;
import dev.hyperforge.engine.layers.core.Dense;
import dev.hyperforge.engine.optimizers.schedules.LearningRateSchedule;

/**
 * Known answers from {@code engine/src/test/python/optimizer_fixtures.py} (Keras 3's update rules in numpy,
 * cross-checked against torch.optim where the formulas coincide): several steps of AdamW, Nadam, Adagrad,
 * SGD, RMSprop and Adam on fixed gradients, with clipnorm, global_clipnorm, clipvalue, weight decay and
 * schedules, and the schedules' values at fixed steps.
 */
class OptimizerFixturesTest {
    private static final Map<String, Object> FIXTURES = load();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try (InputStream in = OptimizerFixturesTest.class.getResourceAsStream("optimizer_fixtures.json")) {
            return new ObjectMapper().readValue(in, Map.class);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The kernel (2, 3) and bias (3) of a Dense(3) on 2 inputs, in double precision, set to the fixture's start. */
    @SuppressWarnings("unchecked")
    private static List<Param> variables() {
        Dense d = new Dense(3, Activation.LINEAR, true);
        d.build(List.of(Shape.batchOf(2)), new ParamInit(new SplittableRandom(0), DataType.DOUBLE));
        List<List<Double>> w0 = (List<List<Double>>) FIXTURES.get("w0");
        List<Param> ps = d.params();
        for (int i = 0; i < 2; i++) {
            ps.get(i).value().assign(array(w0.get(i), ps.get(i).value().shape()));
        }
        return ps;
    }

    private static org.nd4j.linalg.api.ndarray.INDArray array(List<Double> v, long[] shape) {
        return Nd4j.create(v.stream().mapToDouble(Double::doubleValue).toArray(), shape, DataType.DOUBLE);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOptimizerFollowsKerasUpdateRulesStepByStep() {
        List<List<List<Double>>> grads = (List<List<List<Double>>>) FIXTURES.get("grads");
        for (Map<String, Object> c : (List<Map<String, Object>>) FIXTURES.get("cases")) {
            Optimizer opt = Optimizer.fromConfig(Map.of("class_name", c.get("class_name"), "config", c.get("config")));
            List<Param> ps = variables();
            List<List<List<Double>>> expected = (List<List<List<Double>>>) c.get("expected");
            for (int t = 0; t < expected.size(); t++) {
                for (int i = 0; i < ps.size(); i++) {
                    ps.get(i).clearGrad();
                    ps.get(i).accumulate(array(grads.get(t).get(i), ps.get(i).value().shape()));
                }
                opt.step(ps);
                for (int i = 0; i < ps.size(); i++) {
                    double[] got = ps.get(i).value().dup().data().asDouble();
                    List<Double> want = expected.get(t).get(i);
                    for (int k = 0; k < got.length; k++) {
                        assertEquals(want.get(k), got[k], 1e-9, c.get("class_name") + " " + c.get("config") + " step " + (t + 1)
                                + " variable " + i + " element " + k);
                    }
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void schedulesGiveKerasValuesAndSurviveTheirConfig() {
        for (Map<String, Object> s : (List<Map<String, Object>>) FIXTURES.get("schedules")) {
            LearningRateSchedule sched = LearningRateSchedule.fromConfig((Map<String, Object>) s.get("schedule"));
            LearningRateSchedule again = LearningRateSchedule.fromConfig(sched.config());
            assertEquals(sched, again);
            List<Number> steps = (List<Number>) s.get("steps");
            List<Number> values = (List<Number>) s.get("values");
            for (int k = 0; k < steps.size(); k++) {
                assertEquals(values.get(k).doubleValue(), sched.at(steps.get(k).longValue()), 1e-12, s.get("schedule") + " at step " + steps.get(k));
            }
        }
    }
}
