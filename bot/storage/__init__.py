"""storage layer of dockcoach (see DESIGN.md)."""
