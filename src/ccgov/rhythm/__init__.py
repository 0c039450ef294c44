"""Working together on a rhythm: when routines are due, meetings and their
minutes, and the action items every carrier record holds."""
