package dev.hyperforge.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.hyperforge.engine.losses.Loss;
import dev.hyperforge.engine.metrics.Metric;
import dev.hyperforge.engine.metrics.Metrics;
import dev.hyperforge.engine.optimizers.Optimizer;

/** What {@code compile} resolved: the optimizer and, per output, a loss, a loss weight and metrics. */
final class Compiled {
    final Optimizer optimizer;
    final List<Loss> losses;
    final double[] weights;
    final List<List<Metric>> metrics;
    final List<String> metricNames;
    final Object metricSpec;

    Compiled(Optimizer optimizer, Object loss, Object lossWeights, Object metricSpec, List<String> outputs) {
        if (optimizer == null) {
            throw new IllegalArgumentException("compile needs an optimizer");
        }
        this.optimizer = optimizer;
        this.losses = perOutput(loss, outputs, "loss", Compiled::toLoss, null);
        List<Double> w = perOutput(lossWeights, outputs, "loss weight", Compiled::toWeight, 1.0);
        this.weights = w.stream().mapToDouble(Double::doubleValue).toArray();
        this.metrics = new ArrayList<>();
        this.metricSpec = metricSpec;
        this.metricNames = metricSpec instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        for (int i = 0; i < outputs.size(); i++) {
            metrics.add(metricsFor(metricSpec, outputs.get(i), losses.get(i)));
        }
    }

    private static Loss toLoss(Object o, String where) {
        if (o instanceof Loss l) {
            return l;
        }
        if (o instanceof String s) {
            try {
                return Loss.of(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(where + ": expected a loss name or Loss, received " + o);
    }

    private static Double toWeight(Object o, String where) {
        if (o instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() >= 0) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(where + ": expected a finite non-negative number, received " + o);
    }

    interface Converter<T> {
        T convert(Object o, String where);
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> perOutput(Object spec, List<String> outputs, String what, Converter<T> conv, T dflt) {
        List<T> out = new ArrayList<>();
        if (spec == null) {
            if (dflt == null) {
                throw new IllegalArgumentException("compile needs a " + what + " for outputs " + outputs);
            }
            outputs.forEach(o -> out.add(dflt));
        } else if (spec instanceof List<?> list) {
            if (list.size() != outputs.size()) {
                throw new IllegalArgumentException(list.size() + " " + what + "es given but the model has " + outputs.size() + " outputs " + outputs);
            }
            for (int i = 0; i < list.size(); i++) {
                out.add(conv.convert(list.get(i), what + " for output '" + outputs.get(i) + "'"));
            }
        } else if (spec instanceof Map<?, ?> map) {
            Set<String> unknown = new LinkedHashSet<>((Set<String>) map.keySet());
            outputs.forEach(unknown::remove);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(what + " given for " + unknown + " but the model's outputs are " + outputs);
            }
            for (String o : outputs) {
                Object v = map.get(o);
                if (v == null && dflt == null) {
                    throw new IllegalArgumentException("no " + what + " given for output '" + o + "'; give one for each of " + outputs);
                }
                out.add(v == null ? dflt : conv.convert(v, what + " for output '" + o + "'"));
            }
        } else {
            for (String o : outputs) {
                out.add(conv.convert(spec, what + " for output '" + o + "'"));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Metric> metricsFor(Object spec, String output, Loss loss) {
        List<Metric> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        Object mine = spec instanceof Map<?, ?> m ? m.get(output) : spec;
        if (mine == null) {
            return out;
        }
        List<Object> names = mine instanceof List<?> l ? (List<Object>) l : List.of(mine);
        for (Object n : names) {
            out.add(n instanceof Metric mm ? mm : Metrics.of(String.valueOf(n), loss));
        }
        return out;
    }

    /** The metric names reported for output {@code i}: unprefixed for single-output models. */
    Map<String, Integer> reportNames(List<String> outputs) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            m.put(prefix(outputs, i) + "loss", i);
        }
        return m;
    }

    static String prefix(List<String> outputs, int i) {
        return outputs.size() == 1 ? "" : outputs.get(i) + "_";
    }
}
