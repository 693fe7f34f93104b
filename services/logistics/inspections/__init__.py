"""巡检: recurring inspections on a cadence, results and findings, overdue detection."""
