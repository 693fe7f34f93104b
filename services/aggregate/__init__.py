"""aggregate: the statistics the office reports, projected from every domain event."""
