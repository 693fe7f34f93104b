"""Recurring meetings (weekly 调度会, monthly party day): a rule expanded into occurrences."""
