"""Qt widgets: the main window, its views and dialogs. They talk to the desk (desktop.models) only."""
