"""Read-only aggregates behind the console's reports, and the geometry of their charts.

Nothing here changes state. Each selector runs a fixed number of queries whatever the data size;
the bucketing, percentile and chart maths are pure functions beside them.
"""
