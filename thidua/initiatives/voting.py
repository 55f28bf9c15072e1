"""Pure domain module of initiatives (no Django): voting."""
