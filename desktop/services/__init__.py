"""Services: what the UI calls. Plain Python over the store and the engine; no Qt widgets."""
