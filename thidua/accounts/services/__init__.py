"""Writes about accounts: sign-in, passwords, two-factor devices, API tokens."""
