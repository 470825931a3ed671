"""dockcoach: a Discord quiz and coaching bot for a French-speaking Docker course."""

__version__ = "0.1.0"
