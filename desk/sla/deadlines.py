"""Working-time due dates with pauses (pure: no Django). Implemented under issue 3."""
