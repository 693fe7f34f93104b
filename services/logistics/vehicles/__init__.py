"""公务用车: vehicles, drivers, requests, approval, return with mileage."""
