"""notify: Inbox, unit subscriptions, webhooks, deliveries, reminders."""
