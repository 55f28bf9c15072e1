"""Placeholders of document templates (pure)."""
