package dev.hyperforge.tracker.jdbc;

import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Creates and upgrades the schema with Flyway from {@code classpath:db/migration}. One set of scripts serves
 * both vendors; the placeholder {@code ${blob_type}} is {@link Vendor#blobType()}.
 *
 * <p>Versions: V1 initial schema; V2 {@code metric_latest} (last point per run and metric, back-filled) and
 * indexes for study/state, parameter and metric filters; V3 saved ensembles ({@code ensemble},
 * {@code ensemble_member}); V4 study attributes ({@code study_attr}); V5 multi-objective studies (the study's
 * {@code directions}, a trial's vector of values in {@code trial_value}; older studies read as single-objective);
 * V6 artifact bytes out of the artifact row; V7 the study of each {@code metric_latest} and {@code run_param} row
 * (back-filled) and study-scoped indexes, so a large study's sorted, filtered and chart reads stay in its range;
 * V8 kept counts per study and state; V9 a covering index for the history read; V10 (a Java migration,
 * {@link V10__Run_param_sample_key}) each parameter row's {@link dev.hyperforge.tracker.SampleKey} and a
 * {@code (study_id, sample_key, ...)} index, so that a seeded sample's parameters are one index range; V11 the engine's
 * numerics level of each run ({@code run_provenance.numerics}), so that a replay retrains with the same kernels.
 * V12 chart views kept per study ({@code study_view}) with the COMPLETE count each was computed from.
 */
public final class Migrations {
    /** Flyway logs through java.util.logging when no SLF4J binding is present; keep its INFO chatter out. */
    private static final java.util.logging.Logger FLYWAY_LOG = quietFlyway();

    private Migrations() {
    }

    private static java.util.logging.Logger quietFlyway() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("org.flywaydb");
        if (log.getLevel() == null) {
            log.setLevel(java.util.logging.Level.SEVERE);
        }
        return log;
    }

    /**
     * Migrates to the latest version.
     *
     * @param dataSource the database
     * @param vendor its vendor
     * @return the schema version afterwards
     */
    public static String migrate(DataSource dataSource, Vendor vendor) {
        return migrate(dataSource, vendor, null);
    }

    /**
     * Migrates up to a target version (tests use {@code "1"} to create an old database).
     *
     * @param dataSource the database
     * @param vendor its vendor
     * @param target target version, or null for the latest
     * @return the schema version afterwards
     */
    public static String migrate(DataSource dataSource, Vendor vendor, String target) {
        return migrate(dataSource, vendor, target, upgrade -> { });
    }

    /**
     * An upgrade about to be applied to an existing schema: the version it has and the one it will have.
     *
     * @param from the schema version now
     * @param to the schema version after the pending migrations
     */
    public record Upgrade(String from, String to) {
    }

    /**
     * Migrates up to a target version, telling {@code beforeUpgrade} first when an existing schema has migrations
     * pending (a new, empty database is created silently): on a large file an upgrade can rewrite every row (V10 fills
     * a key per parameter row), and a command that says nothing for a minute looks hung.
     *
     * @param dataSource the database
     * @param vendor its vendor
     * @param target target version, or null for the latest
     * @param beforeUpgrade told once, before the pending migrations of an existing schema run
     * @return the schema version afterwards
     */
    public static String migrate(DataSource dataSource, Vendor vendor, String target, Consumer<Upgrade> beforeUpgrade) {
        FLYWAY_LOG.getName();
        Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of("blob_type", vendor.blobType()))
                .javaMigrations(new V10__Run_param_sample_key())
                .target(target == null ? MigrationVersion.LATEST : MigrationVersion.fromVersion(target))
                .load();
        var before = flyway.info();
        var pending = before.pending();
        if (before.current() != null && pending.length > 0) {
            beforeUpgrade.accept(new Upgrade(before.current().getVersion().getVersion(),
                    pending[pending.length - 1].getVersion().getVersion()));
        }
        flyway.migrate();
        var current = flyway.info().current();
        return current == null ? "0" : current.getVersion().getVersion();
    }
}
