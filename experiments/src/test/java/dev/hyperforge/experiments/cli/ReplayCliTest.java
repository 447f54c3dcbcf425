package dev.hyperforge.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** Replays through the command line: a run retrains bit-identically; a study's suggestions repeat. */
class ReplayCliTest {
    @Test
    void aTrainedRunReplaysBitIdenticallyMetricsAndWeights() {
        String db = Cli.memDb("replay");
        Cli.Result train = Cli.run("train", Cli.shipped("branched-two-outputs"), "--epochs", "3", "--limit-samples", "96", "--quiet", "--db", db);
        assertEquals(0, train.code(), train.toString());
        Matcher m = Pattern.compile("run id: (\\d+)").matcher(train.out());
        assertTrue(m.find(), train.toString());
        Cli.Result replay = Cli.run("replay", m.group(1), "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("identical: "), replay.toString());
        assertTrue(replay.out().contains("bit-identical to the recorded checkpoint"), replay.toString());
        Cli.Result show = Cli.run("show", m.group(1), "--db", db);
        assertEquals(0, show.code(), show.toString());
        assertTrue(show.out().contains("data sha256"), show.toString());
    }

    /**
     * An attention run recorded with libnd4j's batched product (before the per-head products) differs in the
     * last bits from a retraining today, so the replay retrains once more with the former product and is
     * identical; a run recorded today replays on the first try.
     */
    @Test
    void anAttentionRunRecordedBeforeThePerHeadProductsReplaysThroughTheFallback() {
        String db = Cli.memDb("replay-attention");
        boolean was = dev.hyperforge.engine.kernels.BatchedMatMul.setEnabled(false);
        Cli.Result old;
        try {
            old = Cli.run("train", Cli.shipped("transformer-text"), "--epochs", "1", "--limit-samples", "64", "--quiet", "--db", db);
        } finally {
            dev.hyperforge.engine.kernels.BatchedMatMul.setEnabled(was);
        }
        Cli.Result now = Cli.run("train", Cli.shipped("transformer-text"), "--epochs", "1", "--limit-samples", "64", "--quiet", "--db", db);
        Matcher m = Pattern.compile("run id: (\\d+)").matcher(old.out() + now.out());
        assertTrue(m.find(), old.toString());
        String oldId = m.group(1);
        assertTrue(m.find(), now.toString());
        Cli.Result replayOld = Cli.run("replay", oldId, "--db", db);
        assertEquals(0, replayOld.code(), replayOld.toString());
        assertTrue(replayOld.out().contains("note: not identical with the per-head attention products"), replayOld.toString());
        assertTrue(replayOld.out().contains("bit-identical to the recorded checkpoint"), replayOld.toString());
        Cli.Result replayNow = Cli.run("replay", m.group(1), "--db", db);
        assertEquals(0, replayNow.code(), replayNow.toString());
        assertTrue(!replayNow.out().contains("note: "), replayNow.toString());
        assertTrue(replayNow.out().contains("bit-identical to the recorded checkpoint"), replayNow.toString());
    }

    /**
     * Runs record the engine's numerics level and replay at it: a GRU run trained at level 1 (the former
     * exponentials), one at level 2 (FastExp), and the level-1 run with its level erased (as recorded before levels
     * existed) all replay bit-identically, each at its own level; the two levels' metrics agree closely.
     */
    @Test
    void recurrentRunsReplayAtTheirRecordedNumericsLevel() throws Exception {
        String db = Cli.memDb("replay-numerics");
        String[] train = {"train", Cli.shipped("bidirectional-text"), "--epochs", "1", "--limit-samples", "64", "--quiet", "--db", db};
        dev.hyperforge.engine.kernels.Numerics was = dev.hyperforge.engine.kernels.Numerics.set(dev.hyperforge.engine.kernels.Numerics.V1);
        Cli.Result v1;
        try {
            v1 = Cli.run(train);
        } finally {
            dev.hyperforge.engine.kernels.Numerics.set(was);
        }
        Cli.Result v2;
        was = dev.hyperforge.engine.kernels.Numerics.set(dev.hyperforge.engine.kernels.Numerics.V2);
        try {
            v2 = Cli.run(train);
        } finally {
            dev.hyperforge.engine.kernels.Numerics.set(was);
        }
        String v1Id = runId(v1);
        String v2Id = runId(v2);
        assertTrue(Cli.run("show", v1Id, "--db", db).out().contains("numerics          level 1"), v1.toString());
        assertTrue(Cli.run("show", v2Id, "--db", db).out().contains("numerics          level 2"), v2.toString());
        assertReplaysIdentically(v2Id, db, "numerics: level 2 (as recorded)");
        assertReplaysIdentically(v1Id, db, "numerics: level 1 (as recorded)");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db); java.sql.Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("UPDATE run_provenance SET numerics = NULL WHERE run_id = " + v1Id));
            try (java.sql.ResultSet rs = st.executeQuery("SELECT a.metric_value, b.metric_value FROM metric a JOIN metric b"
                    + " ON a.metric_name = b.metric_name AND a.step = b.step WHERE a.metric_name LIKE '%loss' AND a.run_id = " + v1Id
                    + " AND b.run_id = " + v2Id)) {
                int compared = 0;
                while (rs.next()) {
                    compared++;
                    assertEquals(rs.getDouble(1), rs.getDouble(2), 1e-4 * Math.max(1, Math.abs(rs.getDouble(1))), "level 1 against level 2");
                }
                assertTrue(compared > 0);
            }
        }
        assertReplaysIdentically(v1Id, db, "numerics: level 1 (the run recorded none");
    }

    /**
     * An attention run recorded at level 2 (the softmax backward's row sums over the probabilities) replays
     * bit-identically at level 2, one at level 3 (the row sums from the context) at level 3, and their losses agree
     * closely.
     */
    @Test
    void attentionRunsReplayAtTheirRecordedNumericsLevel() throws Exception {
        String db = Cli.memDb("replay-numerics-attention");
        String[] train = {"train", Cli.shipped("transformer-text"), "--epochs", "1", "--limit-samples", "64", "--quiet", "--db", db};
        assertTwoLevelsReplay(train, db, 2, 3);
    }

    /**
     * An LSTM run at level 2 and one at level 3 (the float32 LSTM computes its recurrence in float) each replay
     * bit-identically at their own level, and their losses agree to float accuracy.
     */
    @Test
    void lstmRunsReplayAtLevelsTwoAndThree() throws Exception {
        String db = Cli.memDb("replay-numerics-lstm");
        assertTwoLevelsReplay(lstmTraining(db), db, 2, 3);
    }

    /**
     * An LSTM run at level 3 and one at level 4 (the float32 LSTM's backward also runs in float) each replay
     * bit-identically at their own level, and their losses agree to float accuracy.
     */
    @Test
    void lstmRunsReplayAtLevelsThreeAndFour() throws Exception {
        String db = Cli.memDb("replay-numerics-lstm4");
        assertTwoLevelsReplay(lstmTraining(db), db, 3, 4);
    }

    /**
     * A GRU run ({@code bidirectional-text}'s default cell) at level 4 and one at level 5 (the float32 GRU's forward
     * runs in float) each replay bit-identically at their own level, and their losses agree to float accuracy.
     */
    @Test
    void gruRunsReplayAtLevelsFourAndFive() throws Exception {
        String db = Cli.memDb("replay-numerics-gru5");
        String[] train = {"train", Cli.shipped("bidirectional-text"), "--set", "cell=GRU", "--epochs", "1", "--limit-samples", "64",
            "--quiet", "--db", db};
        assertTwoLevelsReplay(train, db, 4, 5);
    }

    /** A short float32 LSTM training run ({@code bidirectional-text} with LSTM cells) into {@code db}. */
    private static String[] lstmTraining(String db) {
        return new String[] {"train", Cli.shipped("bidirectional-text"), "--set", "cell=LSTM", "--epochs", "1", "--limit-samples", "64",
            "--quiet", "--db", db};
    }

    /**
     * An embedding-fed convolution run at level 3 (the per-position backward) and one at level 4 (the backward over
     * the batch's distinct tokens) each replay bit-identically at their own level, and their losses agree closely.
     */
    @Test
    void tokenConvolutionRunsReplayAtLevelsThreeAndFour() throws Exception {
        String db = Cli.memDb("replay-numerics-conv");
        String[] train = {"train", Cli.shipped("profile-three-outputs"), "--epochs", "1", "--limit-samples", "128", "--quiet", "--db", db};
        assertTwoLevelsReplay(train, db, 3, 4);
    }

    /**
     * The S5 experiment (IMDB role: 10 000-word multi-hot messages into Dense(16)) at level 4 (dense products) and at
     * level 5 (the first layer's products over the input's nonzeros, {@code SparseInput}) each replay
     * bit-identically at their own level, their losses agree closely, and level 5's training took the sparse path.
     */
    @Test
    void multiHotRunsReplayAtLevelsFourAndFive() throws Exception {
        String db = Cli.memDb("replay-numerics-sparse");
        String[] train = {"train", Cli.shipped("spam-binary"), "--epochs", "2", "--limit-samples", "700", "--quiet", "--db", db};
        long before = dev.hyperforge.engine.kernels.SparseInput.passesTaken();
        assertTwoLevelsReplay(train, db, 4, 5);
        assertTrue(dev.hyperforge.engine.kernels.SparseInput.passesTaken() >= before + 4, "level 5 trained on the sparse path");
    }

    /**
     * The S5 experiment at level 5 (its sigmoid output's binary cross-entropy as libnd4j ops in float) and at level 6
     * (the fused loss, its gradient and the accuracy in Java, in double) each replay bit-identically at their own
     * level, their losses agree closely, and level 6's training took the Java loss.
     */
    @Test
    void multiHotRunsReplayAtLevelsFiveAndSix() throws Exception {
        String db = Cli.memDb("replay-numerics-loss6");
        String[] train = {"train", Cli.shipped("spam-binary"), "--epochs", "2", "--limit-samples", "700", "--quiet", "--db", db};
        long before = dev.hyperforge.engine.losses.BinaryCrossentropy.hostPassesTaken();
        assertTwoLevelsReplay(train, db, 5, 6);
        assertTrue(dev.hyperforge.engine.losses.BinaryCrossentropy.hostPassesTaken() >= before + 4, "level 6 trained on the Java loss");
    }

    /**
     * The profile model trained at level 4 and at level 5 (short wide convolutions' backward on {@code conv1d_bp}
     * instead of two matrix products) each replay bit-identically at their own level, and their losses agree closely.
     * Its convolutions are narrow, so the test lets every channel count take the products
     * ({@code Conv1DOps.setGemmMinInChannels(1)}): at level 5 the convolutions after the second pool (fewer than
     * 2 048 rows) then take the op, at level 4 the products.
     */
    @Test
    void shortConvolutionsOnTheOpReplayAtLevelsFourAndFive() throws Exception {
        String db = Cli.memDb("replay-numerics-conv5");
        String[] train = {"train", Cli.shipped("profile-three-outputs"), "--epochs", "1", "--limit-samples", "128", "--quiet", "--db", db};
        dev.hyperforge.engine.kernels.Conv1DOps.setGemmMinInChannels(1);
        try {
            assertTwoLevelsReplay(train, db, 4, 5);
        } finally {
            dev.hyperforge.engine.kernels.Conv1DOps.setGemmMinInChannels(0);
        }
    }

    /**
     * The S6 experiment ({@code fashion-cnn}) at level 4 (the first Conv2D's kernel and bias gradients as two products)
     * and at level 5 (one product over the input's columns with a column of ones, {@code Conv2DOps.conv2dBpKernelOnly})
     * each replay bit-identically at their own level, and their losses agree closely.
     */
    @Test
    void firstConvolutionRunsReplayAtLevelsFourAndFive() throws Exception {
        String db = Cli.memDb("replay-numerics-conv2d5");
        String[] train = {"train", Cli.shipped("fashion-cnn"), "--epochs", "1", "--limit-samples", "256", "--quiet", "--db", db};
        assertTwoLevelsReplay(train, db, 4, 5);
    }

    /**
     * The S6 experiment ({@code fashion-cnn}: Conv2D layers, a softmax output with sparse categorical cross-entropy) at
     * level 5 (its convolutions on libnd4j's {@code conv2d} and {@code conv2d_bp}, the fused loss and its gradient as
     * libnd4j's float ops) and at level 6 (the convolutions on oneDNN 3.x, {@code OneDnnConv2D}, with the relu fused
     * into the forward pass; the loss in Java, in double, {@code CategoricalCrossentropy.hostSumFromLogits}) each
     * replay bit-identically at their own level, and their losses agree closely.
     */
    @Test
    void convolutionsAndSoftmaxLossRunsReplayAtLevelsFiveAndSix() throws Exception {
        String db = Cli.memDb("replay-numerics-conv2d6");
        String[] train = {"train", Cli.shipped("fashion-cnn"), "--epochs", "1", "--limit-samples", "256", "--quiet", "--db", db};
        long before = dev.hyperforge.engine.losses.CategoricalCrossentropy.hostPassesTaken();
        assertTwoLevelsReplay(train, db, 5, 6);
        assertTrue(dev.hyperforge.engine.losses.CategoricalCrossentropy.hostPassesTaken() >= before + 8, "level 6 trained on the Java loss path");
    }

    /**
     * Trains {@code train} at level {@code low} and at level {@code high}, checks that each run records its level and
     * replays bit-identically at it, and that their losses agree closely.
     */
    private static void assertTwoLevelsReplay(String[] train, String db, int low, int high) throws Exception {
        String lowId = runId(trainAt(train, low));
        String highId = runId(trainAt(train, high));
        assertTrue(Cli.run("show", highId, "--db", db).out().contains("numerics          level " + high), highId);
        assertTrue(Cli.run("show", lowId, "--db", db).out().contains("numerics          level " + low), lowId);
        assertReplaysIdentically(highId, db, "numerics: level " + high + " (as recorded)");
        assertReplaysIdentically(lowId, db, "numerics: level " + low + " (as recorded)");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT a.metric_value, b.metric_value FROM metric a JOIN metric b"
                     + " ON a.metric_name = b.metric_name AND a.step = b.step WHERE a.metric_name LIKE '%loss' AND a.run_id = " + lowId
                     + " AND b.run_id = " + highId)) {
            int compared = 0;
            while (rs.next()) {
                compared++;
                assertEquals(rs.getDouble(1), rs.getDouble(2), 1e-4 * Math.max(1, Math.abs(rs.getDouble(1))), "level " + low + " against " + high);
            }
            assertTrue(compared > 0);
        }
    }

    /** {@code train} run with the numerics level {@code level} in force. */
    private static Cli.Result trainAt(String[] train, int level) {
        dev.hyperforge.engine.kernels.Numerics was = dev.hyperforge.engine.kernels.Numerics.set(dev.hyperforge.engine.kernels.Numerics.of(level));
        try {
            return Cli.run(train);
        } finally {
            dev.hyperforge.engine.kernels.Numerics.set(was);
        }
    }

    private static String runId(Cli.Result r) {
        assertEquals(0, r.code(), r.toString());
        Matcher m = Pattern.compile("run id: (\\d+)").matcher(r.out());
        assertTrue(m.find(), r.toString());
        return m.group(1);
    }

    private static void assertReplaysIdentically(String runId, String db, String note) {
        Cli.Result replay = Cli.run("replay", runId, "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains(note), replay.toString());
        assertTrue(replay.out().contains("identical: "), replay.toString());
        assertTrue(!replay.out().contains("note: not identical"), replay.toString());
        assertTrue(replay.out().contains("bit-identical to the recorded checkpoint"), replay.toString());
    }

    @Test
    void aReplayWarnsWhenTheRecordedEnvironmentDiffers() throws Exception {
        String db = Cli.memDb("replay-env");
        Cli.Result train = Cli.run("train", Cli.shipped("sequential-vs-functional"), "--epochs", "2", "--limit-samples", "32", "--quiet", "--db", db);
        assertEquals(0, train.code(), train.toString());
        Matcher m = Pattern.compile("run id: (\\d+)").matcher(train.out());
        assertTrue(m.find(), train.toString());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(db);
             java.sql.Statement st = c.createStatement()) {
            assertEquals(1, st.executeUpdate("UPDATE run_provenance SET java_version = '11.0.99', nd4j_classifier = 'linux-x86_64',"
                    + " code_version = '0123456789abcdef0123456789abcdef01234567 jars-sha256:00000000deadbeef', code_dirty = FALSE,"
                    + " thread_counts = '{\"nd4j.native\":7}' WHERE run_id = " + m.group(1)));
        }
        Cli.Result replay = Cli.run("replay", m.group(1), "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("warning: Java differs: recorded 11.0.99, now " + System.getProperty("java.version")), replay.toString());
        assertTrue(replay.out().contains("warning: ND4J backend differs"), replay.toString());
        dev.hyperforge.tracker.Environment env = dev.hyperforge.tracker.Environment.capture();
        String now = env.codeVersion() + (env.codeDirty() ? " (dirty)" : "");
        assertTrue(replay.out().contains("warning: code version differs: recorded 0123456789abcdef0123456789abcdef01234567"
                + " jars-sha256:00000000deadbeef, now " + now), replay.toString());
        assertTrue(replay.out().contains("warning: native threads differs: recorded 7"), replay.toString());
        assertTrue(replay.out().contains("identical: "), "same machine, so still identical: " + replay);
    }

    /**
     * Every sampler on three spaces: categorical + log float (S4), categorical + int and float grids + log float
     * (fashion-cnn), and a simplex of loss weights + int grids (S2).
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> samplersAndSpaces() {
        return java.util.stream.Stream.of("sequential-vs-functional", "fashion-cnn", "profile-three-outputs")
                .flatMap(file -> java.util.stream.Stream.of("random", "lhs", "genetic", "bayes", "tpe")
                        .map(sampler -> org.junit.jupiter.params.provider.Arguments.of(sampler, file)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @org.junit.jupiter.params.provider.MethodSource("samplersAndSpaces")
    void aStudyOfSixTrialsReplaysToTheSameSuggestions(String sampler, String file) {
        String db = Cli.memDb("study-" + sampler);
        Cli.Result tune = Cli.run("tune", Cli.shipped(file), "--sampler", sampler, "--trials", "6", "--epochs", "1",
                "--limit-samples", "32", "--study", "s", "--quiet", "--db", db);
        assertEquals(0, tune.code(), tune.toString());
        Cli.Result replay = Cli.run("replay", "--study", "s", "--db", db);
        assertEquals(0, replay.code(), replay.toString());
        assertTrue(replay.out().contains("identical: 6 suggestions replayed exactly"), replay.toString());
    }
}
