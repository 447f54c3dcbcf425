-- Version 9: a study's history read from the index alone. The dashboard's first chart call reads every COMPLETE
-- run's id, number and objective value finished since a time (RunStore.completeValues). Along the V7 index
-- (study_id, state, finished_ms) each entry cost a lookup of its run row (with its error text and system
-- attributes): 100 000 row lookups for a 100 000-run study. This index also holds the value and the number (the
-- run id is the row key), so the read touches only the index; it replaces the V7 index, whose prefix it keeps
-- (trials finished since a time).
-- Portable between H2 2.x and PostgreSQL.

CREATE INDEX run_study_state_finished_cover_ix ON run (study_id, state, finished_ms, objective_value, trial_number);
DROP INDEX run_study_state_finished_ix;
