-- name: placeholder for the visits step (releases branch only; the lead takes the visits branch's 0016)
SELECT 1;
