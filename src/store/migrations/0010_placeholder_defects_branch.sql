-- name: placeholder for step 10
-- ONLY on the defects branch, so that its step 12 runs without a gap before the
-- complaints (0010) and surveys (0011) branches are merged: delete on merging.
SELECT 1;
