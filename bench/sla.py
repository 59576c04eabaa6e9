"""SLA maths: calls per second of ours against businesstimedelta and pandas, and a 1M recompute.

The calendar is the same for everyone: Monday-Friday 09:00-17:00 Moscow time with ten holidays
a year (2026-2029). Ours gets aware UTC datetimes (what the database hands back); the peers get
naive Moscow wall-clock datetimes (pandas: ready-made Timestamps), their cheapest form, which is
fair because Moscow keeps no daylight saving time. Every timed loop runs over the same random
starts spread over 2027, at any hour. Times are CPU seconds of this process (one core), so other
work on the machine disturbs them little.

`1 business day` is `add_business_days(t, 1)` for us, `pandas CustomBusinessDay(1)` then a roll
forward into business hours, and 8 working hours for businesstimedelta (it has no day unit): the
three agree when t is working time, so the agreement check draws working starts for that row.
pandas has no "business time between two instants" for business hours, so its `elapsed` is n/a.
"""

from __future__ import annotations

import random
import time as clock
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from desk.sla.calendar import WEEKDAYS, BusinessCalendar
from desk.sla.deadlines import BusinessDays, working_dues, working_dues_epoch

MSK = ZoneInfo("Europe/Moscow")
HOLIDAY_DATES = [(1, 1), (1, 4), (1, 5), (1, 6), (1, 7), (2, 23), (3, 8), (5, 3), (6, 14), (11, 4)]
# Ten a year, 2026-2029: businesstimedelta fails past its last holiday.
HOLIDAYS = [date(year, month, day) for year in range(2026, 2030) for month, day in HOLIDAY_DATES]
TWO_HOURS = timedelta(hours=2)
TARGET_RATIO, TARGET_SECONDS, REQUESTS = 20.0, 2.0, 1_000_000
OURS_CALLS, PEER_CALLS, AGREEMENT_SAMPLE = 200_000, 4_000, 500


@dataclass
class Row:
    operation: str
    ours: float
    peers: dict[str, float | None]

    @property
    def ratio(self) -> float | None:
        rates = [rate for rate in self.peers.values() if rate]
        return self.ours / max(rates) if rates else None


def our_calendar() -> BusinessCalendar:
    weekly = {name: [("09:00", "17:00")] for name in WEEKDAYS[:5]}
    return BusinessCalendar("Europe/Moscow", weekly, holidays=HOLIDAYS)


def random_starts(count: int, seed: int) -> list[datetime]:
    rng, first = random.Random(seed), datetime(2027, 1, 1, tzinfo=UTC)
    return [first + timedelta(seconds=rng.randrange(360 * 86_400)) for _ in range(count)]


def wall(moment: datetime) -> datetime:
    """The naive Moscow wall-clock time the peers work in."""
    return moment.astimezone(MSK).replace(tzinfo=None)


def calls_per_second(call: Callable[[Any], object], inputs: Sequence[Any]) -> float:
    """Best of three passes over `inputs`."""
    best = float("inf")
    for _ in range(3):
        began = clock.process_time()
        for value in inputs:
            call(value)
        best = min(best, clock.process_time() - began)
    return len(inputs) / best


def load_peers() -> dict[str, Any]:
    """The peers that are installed, as `{name: module}`; say which are skipped and why."""
    peers: dict[str, Any] = {}
    for name in ("businesstimedelta", "pandas"):
        try:
            peers[name] = __import__(name)
        except ImportError:
            print(f"  skipping {name}: not importable (install the `bench` dependency group)")
    return peers


def peer_operations(peers: dict[str, Any]) -> dict[str, dict[str, Callable[[Any], Any]]]:
    """`{peer: {operation: call on a wall-clock start}}`; elapsed calls take (start, end)."""
    builders = {"businesstimedelta": _businesstimedelta_operations, "pandas": _pandas_operations}
    return {name: builders[name](module) for name, module in peers.items()}


def _businesstimedelta_operations(btd: Any) -> dict[str, Callable[[Any], Any]]:
    hours = btd.WorkDayRule(start_time=time(9), end_time=time(17), working_days=range(5))
    rule = btd.Rules([hours, btd.HolidayRule(HOLIDAYS)])
    two_hours, eight_hours = (
        btd.BusinessTimeDelta(rule, hours=2),
        btd.BusinessTimeDelta(rule, hours=8),
    )
    return {
        "add 2 hours": lambda t: t + two_hours,
        "add 1 business day": lambda t: t + eight_hours,
        "elapsed": lambda pair: rule.difference(*pair).timedelta,
    }


def _pandas_operations(pd: Any) -> dict[str, Callable[[Any], Any]]:
    hours = {"start": "09:00", "end": "17:00", "holidays": HOLIDAYS}
    two_hours = pd.offsets.CustomBusinessHour(n=2, **hours)
    roll = pd.offsets.CustomBusinessHour(n=1, **hours)
    one_day = pd.offsets.CustomBusinessDay(n=1, holidays=HOLIDAYS)
    return {
        "add 2 hours": lambda t: t + two_hours,
        "add 1 business day": lambda t: roll.rollforward(t + one_day),
    }


def peer_inputs(peer: str, peers: dict[str, Any], starts: list[datetime]) -> list[Any]:
    walls = [wall(start) for start in starts]
    if peer == "pandas":
        return [peers["pandas"].Timestamp(moment) for moment in walls]
    return walls


def measure(cal: BusinessCalendar, peers: dict[str, Any]) -> list[Row]:
    starts = random_starts(OURS_CALLS, seed=1)
    ends = [start + timedelta(seconds=(k * 7919) % (5 * 86_400)) for k, start in enumerate(starts)]
    pairs = list(zip(starts, ends, strict=True))
    ours: dict[str, tuple[Callable[[Any], object], Sequence[Any]]] = {
        "add 2 hours": (lambda t: cal.add(t, TWO_HOURS), starts),
        "add 1 business day": (lambda t: cal.add_business_days(t, 1), starts),
        "elapsed": (lambda pair: cal.elapsed(*pair), pairs),
    }
    operations, rows = peer_operations(peers), []
    their_starts = {peer: peer_inputs(peer, peers, starts[:PEER_CALLS]) for peer in peers}
    their_ends = {peer: peer_inputs(peer, peers, ends[:PEER_CALLS]) for peer in peers}
    for name, (call, inputs) in ours.items():
        rates: dict[str, float | None] = {}
        for peer in peers:
            peer_call = operations[peer].get(name)
            arguments: list[Any] = their_starts[peer]
            if name == "elapsed":
                arguments = list(zip(their_starts[peer], their_ends[peer], strict=True))
            rates[peer] = None if peer_call is None else calls_per_second(peer_call, arguments)
        rows.append(Row(name, calls_per_second(call, inputs), rates))
    return rows


def agreement(cal: BusinessCalendar, peers: dict[str, Any]) -> list[str]:
    """How often each peer gives our answer, on a sample (working starts for business days)."""
    operations, lines = peer_operations(peers), []
    anywhere = random_starts(AGREEMENT_SAMPLE, seed=2)
    working = [cal.next_working_moment(t) + timedelta(seconds=7) for t in anywhere]
    ours: dict[str, Callable[[datetime], Any]] = {
        "add 2 hours": lambda t: wall(cal.add(t, TWO_HOURS)),
        "add 1 business day": lambda t: wall(cal.add_business_days(t, 1)),
        "elapsed": lambda t: cal.elapsed(t, t + timedelta(days=3, hours=5)),
    }
    for name, expected in ours.items():
        sample = working if name == "add 1 business day" else anywhere
        for peer, calls in operations.items():
            if name not in calls:
                continue
            agreed = sum(
                _same(calls[name](_peer_argument(peer, peers, name, t)), expected(t))
                for t in sample
            )
            lines.append(f"  {name:<20} {peer:<18} {agreed}/{len(sample)} agree")
    return lines


def _peer_argument(peer: str, peers: dict[str, Any], name: str, start: datetime) -> Any:
    if name == "elapsed":
        return (wall(start), wall(start + timedelta(days=3, hours=5)))
    return peer_inputs(peer, peers, [start])[0]


def _same(theirs: Any, ours: Any) -> bool:
    if hasattr(theirs, "to_pydatetime"):
        theirs = theirs.to_pydatetime()
    if isinstance(theirs, datetime) and theirs.tzinfo is not None:
        theirs = theirs.replace(tzinfo=None)
    return bool(theirs == ours)


def recompute(cal: BusinessCalendar) -> tuple[float, float]:
    """Seconds to recompute 1M due times: epoch-seconds form, then the datetime form."""
    rng = random.Random(3)
    starts = [1_798_761_600.0 + rng.random() * 360 * 86_400 for _ in range(REQUESTS)]
    budgets = [TWO_HOURS if k % 3 == 0 else BusinessDays(1) for k in range(REQUESTS)]
    pauses = [
        [(start + 600, start + 4000)] if k % 50 == 0 else [] for k, start in enumerate(starts)
    ]
    began = clock.process_time()
    working_dues_epoch(cal, starts, budgets, pauses)
    epoch_seconds = clock.process_time() - began
    moments = [datetime.fromtimestamp(start, UTC) for start in starts]
    moment_pauses = [[(_utc(a), _utc(b)) for a, b in spans] for spans in pauses]
    began = clock.process_time()
    working_dues(cal, moments, budgets, moment_pauses)
    return epoch_seconds, clock.process_time() - began


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def table(rows: list[Row], peer_names: Sequence[str]) -> list[str]:
    header = f"  {'operation':<20} {'ours/s':>11}" + "".join(
        f" {name + '/s':>20}" for name in peer_names
    )
    lines = [header + f" {'ours / faster peer':>19}  target x{TARGET_RATIO:.0f}"]
    for row in rows:
        cells = "".join(f" {_rate(row.peers[name]):>20}" for name in peer_names)
        ratio = row.ratio
        verdict = "n/a" if ratio is None else ("ok" if ratio >= TARGET_RATIO else "MISSED")
        shown = "n/a" if ratio is None else f"x{ratio:.1f}"
        lines.append(f"  {row.operation:<20} {row.ours:>11,.0f}{cells} {shown:>19}  {verdict}")
    return lines


def _rate(rate: float | None) -> str:
    return "n/a" if rate is None else f"{rate:,.0f}"


def run() -> None:
    print("bench/sla: Mon-Fri 09:00-17:00 Europe/Moscow, 10 holidays a year; one core")
    cal, peers = our_calendar(), load_peers()
    cal.add(random_starts(1, seed=0)[0], TWO_HOURS)  # build the table outside the timings
    for line in table(measure(cal, peers), list(peers)):
        print(line)
    print(f"agreement with the peers (sample of {AGREEMENT_SAMPLE}):")
    for line in agreement(cal, peers):
        print(line)
    epoch_seconds, datetime_seconds = recompute(cal)
    verdict = "ok" if epoch_seconds < TARGET_SECONDS else "MISSED"
    print(f"recompute {REQUESTS:,} due times (2/3 one business day, 1/3 two hours, 2% paused):")
    target = f"target < {TARGET_SECONDS:.0f} s  {verdict}"
    print(f"  epoch seconds (working_dues_epoch)  {epoch_seconds:6.2f} s  {target}")
    print(f"  datetimes     (working_dues)        {datetime_seconds:6.2f} s")
