"""报刊征订: newspaper and periodical subscriptions per year and unit."""
