"""What operators see of Luna: Prometheus metrics (metrics.py), the request id and sender
of the turn being handled (request_context.py) and JSON log lines (json_logs.py)."""
