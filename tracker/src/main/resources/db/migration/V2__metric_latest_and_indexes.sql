-- Version 2: the last point of every metric of every run, kept up to date by the writer, so that a page
-- of runs with their last metrics (and sorting/filtering on a metric) never scans the metric history.
-- Existing databases are back-filled from the history.

CREATE TABLE metric_latest (
    run_id       BIGINT           NOT NULL REFERENCES run (id),
    metric_name  VARCHAR(200)     NOT NULL,
    step         BIGINT           NOT NULL,
    metric_value DOUBLE PRECISION NOT NULL,
    logged_ms    BIGINT           NOT NULL,
    PRIMARY KEY (run_id, metric_name)
);

INSERT INTO metric_latest (run_id, metric_name, step, metric_value, logged_ms)
SELECT run_id, metric_name, step, metric_value, logged_ms
FROM (SELECT m.run_id, m.metric_name, m.step, m.metric_value, m.logged_ms,
             ROW_NUMBER() OVER (PARTITION BY m.run_id, m.metric_name ORDER BY m.step DESC, m.logged_ms DESC) AS rn
      FROM metric m) ranked
WHERE rn = 1;

CREATE INDEX metric_latest_name_value_ix ON metric_latest (metric_name, metric_value);
CREATE INDEX run_study_state_ix ON run (study_id, state);
CREATE INDEX run_param_name_value_ix ON run_param (param_name, numeric_value);
