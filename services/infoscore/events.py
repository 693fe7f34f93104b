"""What the infoscore service consumes: nothing (its spec declares no consumers); what it
publishes is built per sub-domain (`rules/events.py`, `submissions/events.py`, ...) from
shared.contracts.infoscore."""
