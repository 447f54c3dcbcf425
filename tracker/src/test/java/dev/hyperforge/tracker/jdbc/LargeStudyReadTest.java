package dev.hyperforge.tracker.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hyperforge.search.Direction;
import dev.hyperforge.tracker.MetricPoint;
import dev.hyperforge.tracker.ParamValue;
import dev.hyperforge.tracker.Run;
import dev.hyperforge.tracker.RunQuery;
import dev.hyperforge.search.TrialState;
import dev.hyperforge.tracker.StudyRecord;
import dev.hyperforge.search.storage.StudySpec;
import dev.hyperforge.tracker.TestFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Reads of studies larger than one child-query chunk (500 runs) are complete and ordered. */
class LargeStudyReadTest {
    @Test
    void listingAndStreamingMoreRunsThanOneChunkReturnsEveryRunWithItsChildren() {
        try (Database db = Database.open("jdbc:h2:mem:large-" + UUID.randomUUID())) {
            JdbcRunStore store = new JdbcRunStore(db);
            StudyRecord s = store.createOrGetStudy(new StudySpec("large", Direction.MINIMIZE, "random", "{}", 1));
            int n = RunReader.CHUNK + 37;
            for (int i = 0; i < n; i++) {
                store.enqueueTrial(s.id(), List.of(ParamValue.ofInt("i", i, "{}")), "{}");
            }
            Run claimed = store.claimWaiting(s.id(), TestFixtures.provenance()).orElseThrow();
            store.logMetrics(claimed.id(), List.of(new MetricPoint("loss", 0, 0.5, Instant.EPOCH)));
            List<Run> all = store.listRuns(s.id(), Set.of());
            assertEquals(IntStream.range(0, n).boxed().toList(), all.stream().map(Run::number).toList());
            assertEquals(IntStream.range(0, n).mapToObj(i -> (Object) (long) i).toList(),
                    all.stream().map(r -> r.param("i")).toList());
            assertEquals(0.5, all.get(0).lastMetrics().get("loss").value());
            List<Run> streamed = new ArrayList<>();
            store.forEachRun(RunQuery.forStudy(s.id()).states(TrialState.WAITING).sortByParam("i", true).build(),
                    streamed::add);
            assertEquals(n - 1, streamed.size());
            assertEquals((long) n - 1, streamed.get(0).param("i"));
            assertEquals(1L, streamed.get(n - 2).param("i"));
        }
    }
}
