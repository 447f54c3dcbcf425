package dev.hyperforge.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The validation predictions of the candidate members of an ensemble, aligned by output: member {@code m}'s
 * predictions of output {@code o} are {@code predictions(m, o)}, {@code rows * width} values.
 *
 * <pre>{@code
 * EnsembleData data = EnsembleData.of(List.of(incomeSpec),
 *         List.of(new EnsembleData.Member(3, Map.of("income", p3)), new EnsembleData.Member(5, Map.of("income", p5))));
 * }</pre>
 */
public final class EnsembleData {

    /**
     * One candidate: a run and its predictions by output name.
     *
     * @param runId the run
     * @param predictions predictions by output name, row-major
     */
    public record Member(long runId, Map<String, float[]> predictions) {
        /** Copies the map. */
        public Member {
            predictions = Map.copyOf(predictions);
        }
    }

    private final List<OutputSpec> outputs;
    private final List<Member> members;
    private final float[][][] predictions;
    private final Scoring scoring;

    private EnsembleData(List<OutputSpec> outputs, List<Member> members, Scoring scoring) {
        this.outputs = List.copyOf(outputs);
        this.members = List.copyOf(members);
        this.scoring = scoring;
        predictions = new float[members.size()][outputs.size()][];
        for (int m = 0; m < members.size(); m++) {
            for (int o = 0; o < outputs.size(); o++) {
                OutputSpec spec = outputs.get(o);
                float[] p = members.get(m).predictions().get(spec.name());
                if (p == null) {
                    throw new IllegalArgumentException("run " + members.get(m).runId() + " has no validation"
                            + " predictions for output '" + spec.name() + "'; ensemble members need every output");
                }
                if (p.length != spec.rows() * spec.width()) {
                    throw new IllegalArgumentException("run " + members.get(m).runId() + " predicts " + p.length
                            + " values for output '" + spec.name() + "', expected " + spec.rows() + " x "
                            + spec.width() + "; members must share the same validation rows");
                }
                predictions[m][o] = p;
            }
        }
    }

    /**
     * Aligns members with outputs, checking that every member predicts every output with the right size.
     *
     * @param outputs the outputs (at least one)
     * @param members the candidates (at least one)
     * @return the data
     */
    public static EnsembleData of(List<OutputSpec> outputs, List<Member> members) {
        if (Objects.requireNonNull(outputs, "outputs").isEmpty() || Objects.requireNonNull(members, "members").isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one output and one member, received "
                    + outputs.size() + " outputs and " + members.size() + " members");
        }
        return new EnsembleData(outputs, members, Scoring.AUTO);
    }

    /**
     * The same predictions ranked by another score (checked against the outputs).
     *
     * @param scoring which metric of which output ranks ensembles
     * @return the data with that scoring
     */
    public EnsembleData withScoring(Scoring scoring) {
        scoring.check(outputs);
        return new EnsembleData(outputs, members, scoring);
    }

    /** @return how ensembles of these members are ranked ({@link Scoring#AUTO} unless chosen) */
    public Scoring scoring() {
        return scoring;
    }

    /** @return the outputs */
    public List<OutputSpec> outputs() {
        return outputs;
    }

    /** @return the members */
    public List<Member> members() {
        return members;
    }

    /** @return number of members */
    public int size() {
        return members.size();
    }

    /**
     * The same members and outputs on a subset of the rows (held-out estimates).
     *
     * @param rows row indices, each in {@code 0..rows-1}
     * @return the subset
     */
    public EnsembleData rows(int[] rows) {
        List<OutputSpec> specs = new ArrayList<>();
        for (OutputSpec o : outputs) {
            specs.add(new OutputSpec(o.name(), o.task(), rows.length, o.width(),
                    o.targets() == null ? null : pick(o.targets(), rows, o.width()),
                    o.labels() == null ? null : java.util.Arrays.stream(rows).map(r -> o.labels()[r]).toArray()));
        }
        List<Member> subset = new ArrayList<>();
        for (Member m : members) {
            Map<String, float[]> p = new java.util.HashMap<>();
            for (OutputSpec o : outputs) {
                p.put(o.name(), pick(m.predictions().get(o.name()), rows, o.width()));
            }
            subset.add(new Member(m.runId(), p));
        }
        return new EnsembleData(specs, subset, scoring);
    }

    private static float[] pick(float[] values, int[] rows, int width) {
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * width, out, i * width, width);
        }
        return out;
    }

    /**
     * @param member member index
     * @param output output index
     * @return the member's predictions of that output (not copied: do not modify)
     */
    public float[] predictions(int member, int output) {
        return predictions[member][output];
    }
}
