"""logistics: Vehicles, receptions, supplies, subscriptions, maintenance, duty, inspections."""
