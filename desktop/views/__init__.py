"""Qt widgets: the main window, its views and dialogs. They talk to the session, clock and account list (desktop.models) only."""
