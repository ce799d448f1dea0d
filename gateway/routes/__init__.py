"""The public REST API, one module per resource family."""
