package dev.hyperforge.engine.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MonitorTest {
    @Test
    void autoModeMaximisesAccuracyNamesOnly() {
        assertTrue(Mode.AUTO.maximizes("val_accuracy"));
        assertTrue(Mode.AUTO.maximizes("acc"));
        assertFalse(Mode.AUTO.maximizes("val_loss"));
        assertFalse(Mode.AUTO.maximizes("mae"));
        assertTrue(Mode.MAX.maximizes("loss"));
        assertFalse(Mode.MIN.maximizes("accuracy"));
        assertEquals(Mode.MAX, Mode.parse(" max"));
        assertThrows(IllegalArgumentException.class, () -> Mode.parse("up"));
    }

    @Test
    void improvementNeedsMoreThanMinDeltaInTheRightDirection() {
        Monitor min = new Monitor("T", "val_loss", Mode.AUTO, -0.1); // the sign of minDelta is ignored
        assertTrue(min.improves(0.85, 1.0));
        assertFalse(min.improves(0.95, 1.0));
        assertFalse(min.improves(1.2, 1.0));
        assertTrue(min.improves(5.0, min.worst()));
        assertFalse(min.improves(Double.NaN, 1.0));
        Monitor max = new Monitor("T", "val_accuracy", Mode.AUTO, 0.01);
        assertTrue(max.improves(0.62, 0.6));
        assertFalse(max.improves(0.605, 0.6));
        assertTrue(max.improves(0.0, max.worst()));
    }

    @Test
    void missingMetricListsTheAvailableKeys() {
        Monitor m = new Monitor("EarlyStopping", "val_accuracy", Mode.AUTO, 0);
        assertEquals(0.5, m.value(Map.of("val_accuracy", 0.5)));
        var e = assertThrows(IllegalArgumentException.class, () -> m.value(Map.of("val_acc", 0.5)));
        assertEquals("EarlyStopping monitors 'val_accuracy' but the logs have no such metric; available: [val_acc]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Monitor("T", " ", Mode.MIN, 0));
    }
}
