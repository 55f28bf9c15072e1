"""Pure domain module of initiatives (no Django): similarity."""
