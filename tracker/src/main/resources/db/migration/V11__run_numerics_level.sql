-- The engine's numerics level each run was computed with (which kernels; levels differ in the last bits), so that
-- a replay retrains with the same kernels. NULL: recorded before levels existed (level 1), or no engine involved.
ALTER TABLE run_provenance ADD COLUMN numerics INTEGER;
