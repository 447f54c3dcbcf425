-- Version 7: reads of large studies stay within the study. A study's runs table sorted or filtered by a metric or
-- a parameter, and the charts' reads of its COMPLETE trials, used indexes that span every study (metric name and
-- value; parameter name and value; study and state) and then looked up each run row. Each per-run row of
-- metric_latest and run_param now carries its run's study (written in the same statement as the row, from the
-- run row), so the index ranges start at the study (a metric's top runs, a study's parameters); existing rows are
-- back-filled from their runs.
-- The run table gets indexes by study and state that also hold the objective value (best value, best trials) and
-- the finish time (trials finished since a time), so neither read visits the run rows it skips.
-- Portable between H2 2.x and PostgreSQL.

ALTER TABLE metric_latest ADD COLUMN study_id BIGINT;
UPDATE metric_latest SET study_id = (SELECT r.study_id FROM run r WHERE r.id = metric_latest.run_id);
ALTER TABLE metric_latest ALTER COLUMN study_id SET NOT NULL;

ALTER TABLE run_param ADD COLUMN study_id BIGINT;
UPDATE run_param SET study_id = (SELECT r.study_id FROM run r WHERE r.id = run_param.run_id);
ALTER TABLE run_param ALTER COLUMN study_id SET NOT NULL;

-- The (name, value) indexes stay: H2 drives a filtered table from them and looks the other filters up by key.
DROP INDEX run_study_state_ix;

CREATE INDEX metric_latest_study_value_ix ON metric_latest (study_id, metric_name, metric_value);
CREATE INDEX run_param_study_value_ix ON run_param (study_id, param_name, numeric_value);
CREATE INDEX run_study_state_value_ix ON run (study_id, state, objective_value);
CREATE INDEX run_study_state_finished_ix ON run (study_id, state, finished_ms);
