"""discord_bot layer of dockcoach (see DESIGN.md)."""
