-- Version 12: chart views kept per study (the dashboard's drawn history with its value distribution, the best
-- points, the importance ranking), each with the number of COMPLETE runs it was computed from. A COMPLETE run never
-- changes and runs are deleted only with their study, so a view whose count equals the study's COMPLETE count is
-- the view of the same runs; a dashboard just started answers its first chart calls from it instead of reading
-- every run, and ignores (then replaces) a view whose count differs. Written in one statement per view, so a view
-- is either the old one or the new one whole.
-- Portable between H2 2.x and PostgreSQL.

CREATE TABLE study_view (
    study_id       BIGINT      NOT NULL REFERENCES study (id),
    view_name      VARCHAR(40) NOT NULL,
    complete_count BIGINT      NOT NULL,
    body           TEXT        NOT NULL,
    PRIMARY KEY (study_id, view_name)
);
