package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

import dev.hyperforge.engine.callbacks.Callback;
import dev.hyperforge.engine.callbacks.ProgressBar;
import dev.hyperforge.engine.callbacks.TerminateOnNaN;
import dev.hyperforge.engine.kernels.Numerics;
import dev.hyperforge.engine.kernels.SmallKernels;
import dev.hyperforge.engine.layers.ActivatedLayer;
import dev.hyperforge.engine.layers.Layer;
import dev.hyperforge.engine.layers.Param;
import dev.hyperforge.engine.losses.CategoricalCrossentropy;
import dev.hyperforge.engine.losses.Loss;
import dev.hyperforge.engine.metrics.Metric;
import dev.hyperforge.engine.metrics.Metrics;

/** The training and evaluation loops of a compiled model. */
final class Trainer {
    private final Model model;
    private final Graph graph;
    private final Executor executor;
    private final Compiled compiled;
    private final List<Param> params = new ArrayList<>();
    /** Per output, the array its loss gradient is written into on the Java path (read only within a step). */
    private final Map<Tensor, INDArray> lossGrads = new IdentityHashMap<>();

    Trainer(Model model, Graph graph, Executor executor, Compiled compiled) {
        this.model = model;
        this.graph = graph;
        this.executor = executor;
        this.compiled = compiled;
        for (Layer l : graph.layers()) {
            params.addAll(l.params());
        }
    }

    /**
     * Running sums of losses and metrics over an epoch. Losses are divided by the number of samples; a metric
     * under sample weights by the sum of the weights (Keras' weighted mean).
     */
    private final class Accumulator {
        final Map<String, Double> sums = new LinkedHashMap<>();
        final Map<String, Double> weightSums = new LinkedHashMap<>();
        long samples;

        void add(String name, double batchSum) {
            sums.merge(name, batchSum, Double::sum);
        }

        void addWeighted(String name, double batchSum, double batchWeight) {
            sums.merge(name, batchSum, Double::sum);
            weightSums.merge(name, batchWeight, Double::sum);
        }

        Map<String, Double> means(String prefix) {
            Map<String, Double> m = new LinkedHashMap<>();
            sums.forEach((k, v) -> m.put(prefix + k, v / weightSums.getOrDefault(k, (double) samples)));
            return m;
        }
    }

    History fit(List<INDArray> x, List<INDArray> y, FitOptions o) {
        List<INDArray> trainX = x;
        List<INDArray> trainY = y;
        List<INDArray> valX = null;
        List<INDArray> valY = null;
        long n = x.get(0).size(0);
        double[] trainW = SampleWeights.of(o, y, n);
        double[] valW = null;
        if (o.validationSplit() > 0) {
            long nVal = (long) Math.floor(n * o.validationSplit());
            if (nVal < 1 || nVal >= n) {
                throw new IllegalArgumentException("validation split " + o.validationSplit() + " of " + n + " samples leaves no training or no validation samples");
            }
            trainX = DataAdapter.range(x, 0, n - nVal);
            trainY = DataAdapter.range(y, 0, n - nVal);
            valX = DataAdapter.range(x, n - nVal, n);
            valY = DataAdapter.range(y, n - nVal, n);
            valW = o.sampleWeight() == null ? null : SampleWeights.range(trainW, n - nVal, n);
            trainW = SampleWeights.range(trainW, 0, n - nVal);
            n -= nVal;
        } else if (o.validationX() != null) {
            valX = DataAdapter.order(o.validationX(), graph.inputNames(), "input");
            valY = DataAdapter.order(o.validationY(), graph.outputNames(), "output");
            model.checkData(valX, valY);
        }
        List<Callback> callbacks = new ArrayList<>(o.callbacks());
        if (o.progress()) {
            callbacks.add(new ProgressBar());
        }
        int steps = (int) ((n + o.batchSize() - 1) / o.batchSize());
        callbacks.forEach(c -> c.setModel(model));
        callbacks.forEach(c -> c.onTrainBegin(o.epochs(), steps));
        History history = new History();
        SplittableRandom rng = new SplittableRandom(o.seed());
        Map<String, Double> logs = Map.of();
        List<INDArray> batchX = new ArrayList<>();   // the batches' arrays, reused while the batch size stays
        List<INDArray> batchY = new ArrayList<>();
        boolean tolerateNaN = callbacks.stream().anyMatch(c -> c instanceof TerminateOnNaN);
        for (int epoch = 0; epoch < o.epochs() && !model.stopRequested(); epoch++) {
            final int ep = epoch;
            callbacks.forEach(c -> c.onEpochBegin(ep));
            int[] order = permutation(n, o.shuffle(), rng.split());
            Accumulator acc = new Accumulator();
            for (int b = 0; b < steps; b++) {
                int from = b * o.batchSize();
                int to = (int) Math.min(n, from + (long) o.batchSize());
                int[] idx = java.util.Arrays.copyOfRange(order, from, to);
                INDArray bw = trainW == null ? null : SampleWeights.rows(trainW, idx, model.dataType());
                boolean finite = trainStep(DataAdapter.rowsInto(trainX, idx, batchX), DataAdapter.rowsInto(trainY, idx, batchY), bw,
                        rng.nextLong(), acc, tolerateNaN);
                Map<String, Double> running = acc.means("");
                final int bb = b;
                callbacks.forEach(c -> c.onBatchEnd(bb, running));
                if (!finite && model.stopRequested()) {
                    break;
                }
            }
            logs = new LinkedHashMap<>(acc.means(""));
            if (valX != null) {
                logs.putAll(evaluate(valX, valY, valW, Math.max(o.batchSize(), 256), "val_"));
            }
            logs.put("lr", compiled.optimizer.learningRate());
            history.record(epoch, logs);
            Map<String, Double> epochLogs = logs;
            callbacks.forEach(c -> c.onEpochEnd(ep, epochLogs));
        }
        Map<String, Double> last = logs;
        callbacks.forEach(c -> c.onTrainEnd(last));
        return history;
    }

    private static int[] permutation(long n, boolean shuffle, SplittableRandom rng) {
        int[] p = new int[(int) n];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        if (shuffle) {
            for (int i = p.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
        }
        return p;
    }

    /** One optimisation step on one batch; returns the batch's losses and metrics. */
    Map<String, Double> trainOnBatch(List<INDArray> x, List<INDArray> y, long seed) {
        Accumulator acc = new Accumulator();
        trainStep(x, y, null, seed, acc, false);
        return acc.means("");
    }

    /** Computes parameter gradients of the batch-mean total loss without updating; returns that loss. */
    double gradients(List<INDArray> x, List<INDArray> y, long seed) {
        return gradients(x, y, null, seed);
    }

    /** Like {@link #gradients} with per-row weights (for gradient checks of weighted losses). */
    double gradients(List<INDArray> x, List<INDArray> y, INDArray weights, long seed) {
        for (Param p : params) {
            p.clearGrad();
        }
        Executor.Pass pass = executor.forward(x, true, seed, false);
        Map<Tensor, INDArray> outGrads = new IdentityHashMap<>();
        Map<Node, INDArray> logitGrads = new IdentityHashMap<>();
        double total = lossesAndMetrics(pass, y, weights, new Accumulator(), outGrads, logitGrads);
        executor.backward(pass, outGrads, logitGrads);
        Regularization.addWeightGradients(graph);
        return total;
    }

    /**
     * One step; returns whether the loss was finite. A non-finite loss throws, unless {@code tolerateNaN}
     * (a TerminateOnNaN callback will stop training): then the weights are left as they are.
     */
    private boolean trainStep(List<INDArray> x, List<INDArray> y, INDArray weights, long seed, Accumulator acc, boolean tolerateNaN) {
        long s0 = Profiler.ON ? Profiler.now() : 0;
        for (Param p : params) {
            p.clearGrad();
        }
        Executor.Pass pass = executor.forward(x, true, seed, false);
        Map<Tensor, INDArray> outGrads = new IdentityHashMap<>();
        Map<Node, INDArray> logitGrads = new IdentityHashMap<>();
        long l0 = Profiler.ON ? Profiler.now() : 0;
        double total = lossesAndMetrics(pass, y, weights, acc, outGrads, logitGrads);
        if (Profiler.ON) {
            Profiler.add("losses and metrics", Profiler.now() - l0);
        }
        if (!Double.isFinite(total)) {
            if (tolerateNaN) {
                return false;
            }
            throw new ArithmeticException("the loss became " + total + " at this batch; lower the learning rate or check the data");
        }
        executor.backward(pass, outGrads, logitGrads);
        Regularization.addWeightGradients(graph);
        long t0 = Profiler.ON ? Profiler.now() : 0;
        compiled.optimizer.step(params);
        if (Profiler.ON) {
            long t1 = Profiler.now();
            Profiler.add("optimizer step", t1 - t0);
            Profiler.add("training step, in all", t1 - s0);
        }
        return true;
    }

    /**
     * Adds the batch's losses and metrics to {@code acc}; when gradient maps are given, fills them.
     * An output that still has a time axis and carries a mask gets the masked loss ({@link MaskedLoss})
     * and its metrics are the means over the unmasked steps ({@link MaskedLoss#metricSums}).
     * With per-row {@code weights} (or null) each sample's loss and metrics are weighed. Regularization
     * penalties are added to the total loss, as Keras adds {@code model.losses}. Returns the batch's mean
     * total loss.
     */
    private double lossesAndMetrics(Executor.Pass pass, List<INDArray> y, INDArray weights, Accumulator acc,
                                    Map<Tensor, INDArray> outGrads, Map<Node, INDArray> logitGrads) {
        List<String> outs = graph.outputNames();
        long batch = y.get(0).size(0);
        double totalSum = 0;
        for (int i = 0; i < outs.size(); i++) {
            Tensor t = graph.outputs().get(i);
            Loss loss = compiled.losses.get(i);
            double w = compiled.weights[i];
            INDArray pred = pass.value(t);
            INDArray target = y.get(i);
            boolean fused = Graph.layerOf(t) instanceof ActivatedLayer al && loss.fusesWith(al.activation());
            INDArray mask = pass.mask(t);
            boolean masked = MaskedLoss.applies(pred, mask);
            INDArray hostLogits = fused && !masked && weights == null && Numerics.current().atLeast(Numerics.V6)
                    ? ((ActivatedLayer) Graph.layerOf(t)).logits(pass.contexts.get(t.node())) : null;
            double hostSum = fused && hostLogits == null || masked || weights != null ? Double.NaN
                    : hostLoss(i, pred, hostLogits, target, acc, fused ? logitGrads : null, outGrads, t, w);
            if (!Double.isNaN(hostSum)) {
                totalSum += w * hostSum;
                continue;
            }
            INDArray per;
            if (fused) {
                INDArray logits = ((ActivatedLayer) Graph.layerOf(t)).logits(pass.contexts.get(t.node()));
                double host = masked || weights != null ? Double.NaN : hostFusedLoss(i, logits, pred, target, acc, logitGrads, t, w);
                if (!Double.isNaN(host)) {
                    totalSum += w * host;
                    continue;
                }
                per = masked ? MaskedLoss.perSample(loss, logits, target, mask, true) : loss.perSampleFromLogits(logits, target);
                if (logitGrads != null && w != 0) {
                    INDArray g = masked ? MaskedLoss.gradient(loss, logits, target, mask, true) : loss.gradientFromLogits(logits, target);
                    logitGrads.put(t.node(), weigh(g.muli(w), weights));
                }
            } else {
                per = masked ? MaskedLoss.perSample(loss, pred, target, mask, false) : loss.perSample(pred, target);
                if (outGrads != null && w != 0) {
                    INDArray g = masked ? MaskedLoss.gradient(loss, pred, target, mask, false) : loss.gradient(pred, target);
                    outGrads.put(t, weigh(g.muli(w), weights));
                }
            }
            if (weights != null) {
                per = per.mul(weights.castTo(per.dataType()).reshape(per.shape()));
            }
            double sum = per.sumNumber().doubleValue();
            totalSum += w * sum;
            if (outs.size() > 1) {
                acc.add(outs.get(i) + "_loss", sum);
            }
            for (Metric m : compiled.metrics.get(i)) {
                String key = Compiled.prefix(outs, i) + m.name();
                if (masked) {
                    double[] s = MaskedLoss.metricSums(m, pred, target, mask, weights);
                    acc.addWeighted(key, s[0], s[1]);
                } else if (weights == null) {
                    acc.add(key, m.sum(pred, target));
                } else {
                    acc.addWeighted(key, m.weightedSum(pred, target, weights), weights.sumNumber().doubleValue());
                }
            }
        }
        double penalty = Regularization.loss(graph, pass);
        if (penalty != 0) {
            totalSum += penalty * batch;
            if (outGrads != null) {
                Regularization.addActivityGradients(graph, pass, outGrads);
            }
        }
        acc.add("loss", totalSum);
        acc.samples += batch;
        // keep "loss" first in reports
        Double l = acc.sums.remove("loss");
        Map<String, Double> reordered = new LinkedHashMap<>();
        reordered.put("loss", l);
        reordered.putAll(acc.sums);
        acc.sums.clear();
        acc.sums.putAll(reordered);
        return totalSum / batch;
    }

    /**
     * The Java path of a small output's loss, gradient and metrics ({@link SmallKernels}): adds the
     * output's loss (when there are several outputs) and metrics to {@code acc}, puts {@code w} times the loss gradient into {@code outGrads} (when given) in an
     * array kept per output, and returns the batch's loss sum; NaN when the loss or the arrays have no
     * such path (nothing is added then).
     */
    private double hostLoss(int i, INDArray pred, INDArray logits, INDArray target, Accumulator acc, Map<Node, INDArray> logitGrads,
                            Map<Tensor, INDArray> outGrads, Tensor t, double w) {
        int n = (int) pred.length();
        if (n > SmallKernels.maxUpdateLength() || target.length() != n || !SmallKernels.enabled()
                || !SmallKernels.readable(pred) || !SmallKernels.readable(target)
                || logits != null && (logits.length() != n || logits.dataType() != pred.dataType() || !SmallKernels.readable(logits))) {
            return Double.NaN;
        }
        int rows = (int) pred.size(0);
        int cols = n / rows;
        double[] p = SmallKernels.scratch(0, n);
        double[] y = SmallKernels.scratch(1, n);
        SmallKernels.read(pred, p);
        SmallKernels.read(target, y);
        if (pred.dataType() == DataType.FLOAT && target.dataType() != DataType.FLOAT) {
            for (int k = 0; k < n; k++) {
                y[k] = (float) y[k];   // as the op path, which casts the targets to the predictions' type
            }
        }
        boolean fused = logits != null;
        double[] g = (fused ? logitGrads : outGrads) != null && w != 0 ? SmallKernels.scratch(2, n) : null;
        double sum;
        if (fused) {
            double[] z = SmallKernels.scratch(3, n);
            SmallKernels.read(logits, z);
            sum = compiled.losses.get(i).hostSumFromLogits(z, y, rows, cols, g, w);
        } else {
            sum = compiled.losses.get(i).hostSum(p, y, rows, cols, g, w);
        }
        if (Double.isNaN(sum)) {
            return sum;
        }
        if (g != null) {
            INDArray ga = hostGradient(t, g, pred);
            if (fused) {
                logitGrads.put(t.node(), ga);
            } else {
                outGrads.put(t, ga);
            }
        }
        List<String> outs = graph.outputNames();
        if (outs.size() > 1) {
            acc.add(outs.get(i) + "_loss", sum);
        }
        for (Metric m : compiled.metrics.get(i)) {
            double ms = m.hostSum(p, y, rows, cols);
            acc.add(Compiled.prefix(outs, i) + m.name(), Double.isNaN(ms) ? m.sum(pred, target) : ms);
        }
        return sum;
    }

    /**
     * From numerics V6, the Java path of a small softmax output fused with categorical or sparse categorical
     * cross-entropy ({@link CategoricalCrossentropy#hostSumFromLogits}, {@link Metrics#hostArgMaxHits}), instead of
     * about fifteen native ops on a few thousand elements: as {@link #hostLoss}, with {@code w} times the logits'
     * gradient into {@code logitGrads}; NaN when there is no such path (nothing added then).
     */
    private double hostFusedLoss(int i, INDArray logits, INDArray pred, INDArray target, Accumulator acc,
                                 Map<Node, INDArray> logitGrads, Tensor t, double w) {
        int n = (int) logits.length();
        if (!(compiled.losses.get(i) instanceof CategoricalCrossentropy cce) || !Numerics.current().atLeast(Numerics.V6)
                || logits.rank() != 2 || n > SmallKernels.maxUpdateLength() || !SmallKernels.enabled()
                || !SmallKernels.readable(logits) || !SmallKernels.readable(pred) || pred.length() != n) {
            return Double.NaN;
        }
        int rows = (int) logits.size(0);
        int cols = n / rows;
        double[] y = SmallKernels.scratch(1, n);
        if (!cce.hostTargets(target, rows, cols, logits.dataType(), y)) {
            return Double.NaN;
        }
        double[] z = SmallKernels.scratch(0, n);
        SmallKernels.read(logits, z);
        double[] g = logitGrads != null && w != 0 ? SmallKernels.scratch(2, n) : null;
        double sum = cce.hostSumFromLogits(z, y, rows, cols, g, w);
        if (g != null) {
            logitGrads.put(t.node(), hostGradient(t, g, logits));
        }
        List<String> outs = graph.outputNames();
        if (outs.size() > 1) {
            acc.add(outs.get(i) + "_loss", sum);
        }
        double[] p = SmallKernels.scratch(0, n);
        SmallKernels.read(pred, p);
        for (Metric m : compiled.metrics.get(i)) {
            double ms = Metrics.hostArgMaxHits(m, p, y, rows, cols);
            acc.add(Compiled.prefix(outs, i) + m.name(), Double.isNaN(ms) ? m.sum(pred, target) : ms);
        }
        return sum;
    }

    /** {@code g} written into the array kept for output {@code t}'s loss gradient, shaped and typed as {@code like}. */
    private INDArray hostGradient(Tensor t, double[] g, INDArray like) {
        INDArray ga = lossGrads.get(t);
        if (ga == null || ga.dataType() != like.dataType() || !java.util.Arrays.equals(ga.shape(), like.shape())) {
            ga = Nd4j.createUninitialized(like.dataType(), like.shape());
            lossGrads.put(t, ga);
        }
        SmallKernels.write(g, ga);
        return ga;
    }

    Map<String, Double> evaluate(List<INDArray> x, List<INDArray> y, int batchSize, String prefix) {
        return evaluate(x, y, null, batchSize, prefix);
    }

    /** Loss and metrics over the data, each row weighed by {@code weights} (null: all 1). */
    Map<String, Double> evaluate(List<INDArray> x, List<INDArray> y, double[] weights, int batchSize, String prefix) {
        long n = x.get(0).size(0);
        Accumulator acc = new Accumulator();
        for (long from = 0; from < n; from += batchSize) {
            long to = Math.min(n, from + batchSize);
            Executor.Pass pass = executor.forward(DataAdapter.range(x, from, to), false, 0L, false);
            INDArray w = weights == null ? null : Nd4j.createFromArray(SampleWeights.range(weights, from, to)).castTo(model.dataType());
            lossesAndMetrics(pass, DataAdapter.range(y, from, to), w, acc, null, null);
        }
        return acc.means(prefix);
    }

    /** Multiplies each row (axis 0) of a gradient by its sample's weight; no weights leave it as it is. */
    private static INDArray weigh(INDArray grad, INDArray weights) {
        if (weights == null) {
            return grad;
        }
        return Broadcast.mul(grad, weights.castTo(grad.dataType()), grad, 0);
    }
}
