-- Version 8: a study's runs counted per state without reading them. The live poll, the studies list and every
-- unfiltered runs table counted a study's runs by walking the (study, state, ...) index, a cost that grows with
-- the study. study_state_count holds one row per study and state, changed in the same transaction as each run
-- insert, state change and deletion (tracker code), so those counts are one primary-key read per state.
-- Every study gets a row for each state (zero where it has none), so writers only ever UPDATE existing rows and
-- two transactions never race to insert the same one. Filled from the existing runs.
-- Portable between H2 2.x and PostgreSQL.

CREATE TABLE study_state_count (
    study_id  BIGINT      NOT NULL REFERENCES study (id),
    state     VARCHAR(16) NOT NULL,
    run_count BIGINT      NOT NULL,
    PRIMARY KEY (study_id, state)
);

INSERT INTO study_state_count (study_id, state, run_count)
    SELECT s.id, 'RUNNING', (SELECT COUNT(*) FROM run r WHERE r.study_id = s.id AND r.state = 'RUNNING') FROM study s;
INSERT INTO study_state_count (study_id, state, run_count)
    SELECT s.id, 'COMPLETE', (SELECT COUNT(*) FROM run r WHERE r.study_id = s.id AND r.state = 'COMPLETE') FROM study s;
INSERT INTO study_state_count (study_id, state, run_count)
    SELECT s.id, 'PRUNED', (SELECT COUNT(*) FROM run r WHERE r.study_id = s.id AND r.state = 'PRUNED') FROM study s;
INSERT INTO study_state_count (study_id, state, run_count)
    SELECT s.id, 'FAILED', (SELECT COUNT(*) FROM run r WHERE r.study_id = s.id AND r.state = 'FAILED') FROM study s;
INSERT INTO study_state_count (study_id, state, run_count)
    SELECT s.id, 'WAITING', (SELECT COUNT(*) FROM run r WHERE r.study_id = s.id AND r.state = 'WAITING') FROM study s;
