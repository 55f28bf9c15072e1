"""Writes of the documents app: issuing (numbering, storing, auditing) and batch generation."""
