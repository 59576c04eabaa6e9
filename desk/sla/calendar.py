"""Business-time calendar arithmetic (pure: no Django). Implemented under issue 3."""
