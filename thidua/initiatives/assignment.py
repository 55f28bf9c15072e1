"""Pure domain module of initiatives (no Django): assignment."""
