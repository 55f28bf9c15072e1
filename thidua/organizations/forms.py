"""Forms of the organisation pages."""
