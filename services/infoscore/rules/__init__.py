"""Scoring rules per year and yearly targets per unit."""
