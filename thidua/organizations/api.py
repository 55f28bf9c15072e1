"""API v1 endpoints for units, clusters and people."""
