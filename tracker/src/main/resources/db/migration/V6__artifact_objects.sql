-- Version 6: artifact bytes leave the artifact row. Each artifact records where its object lives: the URL of
-- its store (store_url: 'db', 'file:/…' or 's3://…') and the content-addressed key (object_key:
-- 'sha256/ab/abcdef…'). Rows written before V6 keep their bytes in artifact.content (store_url IS NULL) until
-- `hf artifacts migrate` moves them out. The database store keeps objects in artifact_object, once per key.
-- (V5 is reserved for the multi-objective studies.)

ALTER TABLE artifact ALTER COLUMN content DROP NOT NULL;
ALTER TABLE artifact ADD COLUMN store_url VARCHAR(1000);
ALTER TABLE artifact ADD COLUMN object_key VARCHAR(100);
CREATE INDEX artifact_object_key_idx ON artifact (object_key);

CREATE TABLE artifact_object (
    object_key VARCHAR(100)  NOT NULL PRIMARY KEY,
    size_bytes BIGINT        NOT NULL,
    content    ${blob_type}  NOT NULL,
    created_ms BIGINT        NOT NULL
);
