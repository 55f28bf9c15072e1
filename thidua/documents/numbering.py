"""Numbering rules of issued documents (pure)."""
