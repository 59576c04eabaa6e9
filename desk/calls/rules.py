"""The rules of live calls in one place (PRODUCT.md §5; *our policy* where the page is silent).

The public call terms, the booking services and the API read these values; nothing repeats them.
"""

from __future__ import annotations

from datetime import timedelta

# "At most 1 hour of calls per incident": all calls of one request together.
CAP_MINUTES = 60
# Lengths a customer may ask for (our policy).
DURATIONS = (15, 30, 45, 60)
# Preferred times per request for a call.
MIN_WINDOWS, MAX_WINDOWS = 1, 3
# Offered slots start on this grid of the call-hours calendar's zone, this far ahead (our policy).
SLOT_STEP = timedelta(minutes=30)
SLOT_HORIZON = timedelta(days=14)
# The customer may reschedule or cancel a confirmed call until this long before it (our policy).
CHANGE_CUTOFF = timedelta(hours=2)
# The reminder goes out this long before a confirmed call.
REMINDER_LEAD = timedelta(minutes=15)
# A recorded call length is at most this (a typing guard, not a policy on long calls).
MAX_RECORDED_MINUTES = 600
