"""Account pages: sign-in and security (auth.py), API tokens (tokens.py)."""
