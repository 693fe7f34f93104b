"""Reported figures (填报数): what comes from outside the office's records, entered by its staff."""
