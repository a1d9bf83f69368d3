"""Work that runs off the GUI thread, with progress and Cancel (Orange's style)."""
