"""Widgets shared by several views: tables, inputs, message styling, updates while shown."""
