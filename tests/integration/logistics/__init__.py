"""The logistics service (后勤) through its REST API, on a real nats-server and real databases."""
