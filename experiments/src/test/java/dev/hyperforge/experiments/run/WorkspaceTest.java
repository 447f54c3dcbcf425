package dev.hyperforge.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run directory stays under runs/ whatever the study is called (study names come from a shared database). */
class WorkspaceTest {
    @Test
    void everyStudyNameBecomesOneFolderUnderRuns() {
        Path runs = Path.of(System.getProperty("hf.runs", ".")).resolve("runs").toAbsolutePath().normalize();
        for (String name : List.of("../../etc", "..", ".", "a/../../b", "/abs/path", "x\\..\\..\\y", "new\nline",
                "~root")) {
            Path dir = Workspace.runDir(name, 7).toAbsolutePath().normalize();
            assertTrue(dir.startsWith(runs), name + " → " + dir);
            assertEquals(runs, dir.getParent().getParent(), name + " is one folder: " + dir);
        }
        assertEquals("fashion-cnn_v2.1", Workspace.folderName("fashion-cnn_v2.1"), "ordinary names are kept");
        assertEquals("__", Workspace.folderName(".."));
    }
}
