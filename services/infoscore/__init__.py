"""infoscore: Information submissions, adoptions, scoring, rankings, notices, disclosure."""
