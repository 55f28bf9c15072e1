"""Writes about accounts: passwords, two-factor devices, API tokens."""
