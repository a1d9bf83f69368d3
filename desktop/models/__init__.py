"""Qt models and view-state objects: the only way views reach the services."""
