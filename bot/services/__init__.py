"""services layer of dockcoach (see DESIGN.md)."""
