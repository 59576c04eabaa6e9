"""The guarantee machinery of requests: one home for the reply clock and everything around it.

- `reply_clock`: starts, stops and recomputes the reply clock of a request on the SLA engine
  (`desk.sla`), and the working time left for the console.
- `alerts`: the bodies of the warning and breach tasks, and the safety-net sweep.
- `expectations`: the guaranteed and the honest expected reply time shown to customers.
- `attainment`: SLA attainment derived from the outcome events in the history.
- `admin`: the SLA configuration in the Django admin (every save recomputes open due times).

The ticket services call in here (`reply_clock.start/stop`); nothing in here calls the ticket
services (import-linter checks it). The tasks stay in `desk.tickets.tasks`, where queued rows
name them.
"""
