"""Backpack account views (issue 16): connect, the mirror badge and reconciliation, history import."""
