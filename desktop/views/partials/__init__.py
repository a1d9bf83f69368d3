"""Widgets shared by several views: tables, inputs, message styling, live figures, updates while shown."""
