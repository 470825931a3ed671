"""core layer of dockcoach (see DESIGN.md)."""
