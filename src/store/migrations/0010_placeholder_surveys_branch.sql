-- name: placeholder for the complaints branch (0010_complaints.sql); the lead drops this file when merging
SELECT 1;
