"""Comprehensive materials (综合材料): minutes, summaries, speeches, reports, research."""
