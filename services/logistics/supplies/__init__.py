"""办公用品: items, purchases in, requisitions out by unit, stock never below zero."""
