-- Version 5: multi-objective studies. A study keeps its list of directions (comma-separated, e.g.
-- 'MAXIMIZE,MINIMIZE'); the old `direction` column keeps the first one, so older readers still work.
-- Studies from older databases have NULL here and read as single-objective (their `direction`).
-- A trial of a study with several objectives keeps its whole vector in trial_value (objective 0, 1, ...);
-- run.objective_value keeps the first value, so sorting and old readers see the first objective.
-- Portable between H2 2.x and PostgreSQL.

ALTER TABLE study ADD COLUMN directions VARCHAR(1000);

CREATE TABLE trial_value (
    run_id      BIGINT           NOT NULL REFERENCES run (id),
    objective   INTEGER          NOT NULL,
    trial_value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, objective)
);
