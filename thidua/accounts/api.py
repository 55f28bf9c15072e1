"""API v1 pieces of accounts: bearer-token authentication."""
