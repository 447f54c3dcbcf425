package dev.hyperforge.engine.callbacks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras-like terminal progress: {@code 12/40 [=====>......] - ETA: 3s - loss: 0.4512 - accuracy: 0.8123}
 * per epoch, redrawn in place. Prints only when the JVM is attached to a terminal, unless forced.
 */
public final class ProgressBar implements Callback {
    private final PrintStream out;
    private final boolean enabled;
    private int epochs;
    private int steps;
    private long epochStart;
    private long lastDraw;

    /** A progress bar on standard output, shown only on a terminal. */
    public ProgressBar() {
        this(System.out, System.console() != null);
    }

    /**
     * @param out where to draw
     * @param enabled whether to draw at all
     */
    public ProgressBar(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    @Override
    public void onTrainBegin(int epochCount, int stepsPerEpoch) {
        this.epochs = epochCount;
        this.steps = stepsPerEpoch;
    }

    @Override
    public void onEpochBegin(int epoch) {
        epochStart = System.nanoTime();
        lastDraw = 0;
        if (enabled) {
            out.println("Epoch " + (epoch + 1) + "/" + epochs);
        }
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        long now = System.nanoTime();
        if (!enabled || (now - lastDraw < 100_000_000L && batch + 1 < steps)) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double eta = elapsed / (batch + 1) * (steps - batch - 1);
        out.print("\r" + line(batch + 1, steps, "ETA: " + seconds(eta), logs));
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (!enabled) {
            return;
        }
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        out.print("\r" + line(steps, steps, seconds(elapsed), logs) + "\n");
        out.flush();
    }

    /** One progress line; public for tests. */
    public static String line(int done, int total, String time, Map<String, Double> logs) {
        int width = 30;
        int filled = total == 0 ? width : (int) ((long) width * done / total);
        StringBuilder bar = new StringBuilder();
        bar.append(String.format(Locale.ROOT, "%" + String.valueOf(total).length() + "d/%d [", done, total));
        for (int i = 0; i < width; i++) {
            bar.append(i < filled - 1 || (done == total && i < width) ? '=' : i == filled - 1 ? '>' : '.');
        }
        bar.append("] - ").append(time);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (!e.getKey().equals("lr")) {
                bar.append(String.format(Locale.ROOT, " - %s: %.4f", e.getKey(), e.getValue()));
            }
        }
        return bar.toString();
    }

    private static String seconds(double s) {
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", (int) (s / 60), (int) (s % 60)) : String.format(Locale.ROOT, "%.0fs", s);
    }
}
