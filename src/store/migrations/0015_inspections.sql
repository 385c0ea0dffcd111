-- name: placeholder for the inspections step (releases branch only; the lead takes the inspections branch's 0015)
SELECT 1;
