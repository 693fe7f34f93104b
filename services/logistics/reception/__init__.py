"""公务接待: receptions within the per-head limits."""
