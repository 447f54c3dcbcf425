package dev.hyperforge.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandProcessTest {
    @TempDir
    Path dir;

    private static CommandProcess sh(String script) {
        return new CommandProcess(List.of("/bin/sh", "-c", script), null, Map.of("HF_X", "7"));
    }

    @Test
    void outputGoesToTheLogAndTheListenerAndTheLastNumberIsKept() throws IOException {
        List<String> lines = new CopyOnWriteArrayList<>();
        Path log = dir.resolve("output.log");
        CommandProcess.Result r = sh("read x; echo \"in $x env $HF_X\"; echo 0.25; echo err >&2; echo done")
                .run("{\"a\":1}", Duration.ofSeconds(30), log, lines::add, () -> null);
        assertEquals(0, r.exitCode());
        assertNull(r.stopReason());
        assertEquals("0.25", r.lastNumber());
        assertEquals("done", r.lastLine());
        assertTrue(lines.contains("in {\"a\":1} env 7"), lines.toString());
        assertTrue(Files.readString(log).contains("err\n"), Files.readString(log));
    }

    @Test
    void aProgramThatHangsIsStoppedAtItsTimeout() throws IOException {
        CommandProcess.Result r = sh("echo started; sleep 300").run(null, Duration.ofMillis(300), null, l -> { }, () -> null);
        assertEquals("timed out after 300ms", r.stopReason());
        assertTrue(r.tail().contains("started"));
    }

    @Test
    void stoppingEndsTheWholeProcessTreeAndLeavesNoOrphan() throws IOException {
        List<Long> children = new CopyOnWriteArrayList<>();
        String script = "sleep 300 & echo \"child $!\"; "
                + "/bin/sh -c 'sleep 300 & echo \"child $!\"; wait' & echo \"child $!\"; "
                + "trap '' TERM; sleep 1; echo ready; wait";
        CommandProcess p = sh(script);
        CommandProcess.Result r = p.run(null, Duration.ofSeconds(60), null, line -> {
            if (line.startsWith("child ")) {
                children.add(Long.parseLong(line.substring(6).trim()));
            }
        }, () -> children.size() >= 3 ? "interrupted by the test" : null);
        assertEquals("interrupted by the test", r.stopReason());
        assertTrue(children.size() >= 3, children.toString());
        for (long pid : children) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " outlived the stop");
        }
        assertTrue(ProcessHandle.current().descendants().noneMatch(h -> children.contains(h.pid())));
    }

    @Test
    void childrenLeftBehindByAProgramThatExitsAreEnded() throws IOException {
        List<Long> children = new CopyOnWriteArrayList<>();
        CommandProcess.Result r = sh("sleep 300 & echo \"child $!\"; sleep 0.5; echo 1.0")
                .run(null, Duration.ofSeconds(60), null, line -> {
                    if (line.startsWith("child ")) {
                        children.add(Long.parseLong(line.substring(6).trim()));
                    }
                }, () -> null);
        assertEquals(0, r.exitCode());
        assertEquals("1.0", r.lastNumber());
        assertEquals(1, children.size());
        assertFalse(ProcessHandle.of(children.get(0)).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void hundredMegabytesOfOutputAreStreamedToTheLogWithABoundedTail() throws IOException {
        Path log = dir.resolve("big.log");
        CommandProcess.Result r = sh("head -c 50000000 /dev/zero | tr '\\0' 'x'; echo; yes 'line of output' | head -c 50000000; echo; echo 3.5")
                .run(null, Duration.ofMinutes(5), log, l -> assertTrue(l.length() <= CommandProcess.MAX_LINE), () -> null);
        assertEquals(0, r.exitCode());
        assertEquals(100_000_006L, Files.size(log));
        assertTrue(r.tail().length() <= CommandProcess.TAIL_CHARS, "tail of " + r.tail().length() + " chars");
        assertEquals("3.5", r.lastNumber());
    }

    @Test
    void aMissingProgramCannotStart() {
        CommandProcess p = new CommandProcess(List.of(dir.resolve("no-such-program").toString()), null, Map.of());
        IOException e = assertThrows(IOException.class, () -> p.run(null, Duration.ofSeconds(5), null, l -> { }, () -> null));
        assertNotNull(e.getMessage());
    }

    @Test
    void numbersAreReadAsProgramsPrintThem() {
        assertEquals(0.001, CommandProcess.number(" 1e-3 "));
        assertTrue(Double.isNaN(CommandProcess.number("nan")));
        assertEquals(Double.NEGATIVE_INFINITY, CommandProcess.number("-inf"));
        assertNull(CommandProcess.number("loss 0.3"));
        assertNull(CommandProcess.number("0x10"));
    }
}
