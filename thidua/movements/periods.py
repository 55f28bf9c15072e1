"""SCAFFOLD: pure module periods (issue 3)."""
