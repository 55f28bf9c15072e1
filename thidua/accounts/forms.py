"""Forms of the account pages."""
