-- name: placeholder for step 15
-- ONLY on the visits branch, so that its step 16 runs without a gap before the
-- inspections branch (0015) is merged: delete on merging.
SELECT 1;
