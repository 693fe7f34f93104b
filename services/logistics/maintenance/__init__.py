"""报修: maintenance tickets with states and time to resolve."""
