"""console layer of dockcoach (see DESIGN.md)."""
