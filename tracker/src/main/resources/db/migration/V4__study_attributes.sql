-- Version 4: study attributes (JSON values by key), e.g. the settings that workers joining a study read from
-- the database: trial budget, heartbeat interval, the experiment to run and the quick-run caps.
-- (V3 is reserved for the ensembles of the web module.)

CREATE TABLE study_attr (
    study_id   BIGINT       NOT NULL REFERENCES study (id),
    attr_key   VARCHAR(200) NOT NULL,
    attr_value TEXT         NOT NULL,
    PRIMARY KEY (study_id, attr_key)
);
