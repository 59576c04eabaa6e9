"""SLA configuration (calendars, policies); the maths is in calendar.py and deadlines.py."""
