"""Properties of BusinessCalendar on random calendars, against a brute-force oracle (DB-free).

The oracle knows nothing of the precomputed table: it lays every shift of four weeks out as a
set of working UTC minutes and counts them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, given, reject, settings
from hypothesis import strategies as st

from desk.sla.calendar import WEEKDAYS, BusinessCalendar

ZONES = ["UTC", "Europe/Moscow", "America/New_York", "Europe/London", "America/Sao_Paulo"]
# Four weeks that hold a DST change in at least one of the zones.
BASES = [date(2027, 3, 1), date(2027, 10, 20), date(2018, 10, 25), date(2018, 2, 5)]
SPAN = 28
MINUTE = timedelta(minutes=1)
PROPERTY = settings(max_examples=200, deadline=None)

minute_shifts = st.lists(st.tuples(st.integers(0, 1439), st.integers(1, 1440)), max_size=2)


@dataclass(frozen=True)
class Config:
    zone: str
    base: date
    weekly: dict[str, list[tuple[int, int]]]
    holidays: frozenset[date]
    overrides: dict[date, list[tuple[int, int]]]

    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar(
            time_zone=self.zone,
            weekly={day: _clocks(shifts) for day, shifts in self.weekly.items()},
            holidays=self.holidays,
            date_overrides={day: _clocks(shifts) for day, shifts in self.overrides.items()},
        )

    def shifts_on(self, day: date) -> list[tuple[int, int]]:
        if day in self.overrides:
            return self.overrides[day]
        if day in self.holidays:
            return []
        return self.weekly[WEEKDAYS[day.weekday()]]


@st.composite
def configs(draw: st.DrawFn) -> Config:
    base = draw(st.sampled_from(BASES))
    some_days = st.integers(-3, SPAN).map(lambda k: base + timedelta(days=k))
    return Config(
        zone=draw(st.sampled_from(ZONES)),
        base=base,
        weekly={day: draw(minute_shifts) for day in WEEKDAYS},
        holidays=frozenset(draw(st.lists(some_days, max_size=4))),
        overrides=draw(st.dictionaries(some_days, minute_shifts, max_size=3)),
    )


def _clocks(shifts: list[tuple[int, int]]) -> list[tuple[str, str]]:
    return [(f"{o // 60:02}:{o % 60:02}", f"{c // 60:02}:{c % 60:02}") for o, c in shifts]


class Oracle:
    """Working minutes of the shifts opening in `[base - 3, base + SPAN]`, by brute force."""

    def __init__(self, config: Config) -> None:
        self.config, self.zone = config, ZoneInfo(config.zone)
        self.business: list[date] = []
        minutes: set[int] = set()
        for k in range(-3, SPAN + 1):
            day = config.base + timedelta(days=k)
            found = [self._minutes(day, o, c) for o, c in config.shifts_on(day)]
            if any(found):
                self.business.append(day)
            for block in found:
                minutes.update(block)
        self.minutes = sorted(minutes)
        self.lo = self._epoch_minute(self._local(config.base - timedelta(days=1), 0))
        self.hi = self._epoch_minute(self._local(config.base + timedelta(days=SPAN), 0))

    def _local(self, day: date, minute: int) -> datetime:
        day += timedelta(days=minute // 1440)
        clock = time((minute % 1440) // 60, minute % 60)
        return datetime.combine(day, clock, tzinfo=self.zone)

    def _minutes(self, day: date, opens: int, closes: int) -> range:
        end = closes if closes > opens else closes + 1440
        start_m = self._epoch_minute(self._local(day, opens))
        return range(start_m, self._epoch_minute(self._local(day, end)))

    @staticmethod
    def _epoch_minute(moment: datetime) -> int:
        return int(moment.timestamp()) // 60

    def moment(self, minute: int) -> datetime:
        return datetime.fromtimestamp(minute * 60, UTC)

    def is_working(self, minute: int) -> bool:
        k = bisect_left(self.minutes, minute)
        return k < len(self.minutes) and self.minutes[k] == minute

    def next_working(self, minute: int) -> int | None:
        k = bisect_left(self.minutes, minute)
        return self.minutes[k] if k < len(self.minutes) and self.minutes[k] < self.hi else None

    def elapsed(self, a: int, b: int) -> int:
        return max(0, bisect_left(self.minutes, b) - bisect_left(self.minutes, a))

    def add(self, a: int, d: int) -> int | None:
        k = bisect_left(self.minutes, a) + d - 1
        return self.minutes[k] + 1 if k < len(self.minutes) and self.minutes[k] < self.hi else None

    def add_business_days(self, a: int, days: int) -> int | None:
        here = self.moment(a).astimezone(self.zone)
        later = [day for day in self.business if day > here.date()]
        if len(later) < days:
            return None
        target = datetime.combine(later[days - 1], here.time().replace(fold=0), tzinfo=self.zone)
        return self.next_working(self._epoch_minute(target))


@PROPERTY
@given(config=configs(), offset=st.integers(0, 14 * 1440), budget=st.integers(1, 3 * 1440))
def test_calendar_matches_the_brute_force_oracle(config: Config, offset: int, budget: int) -> None:
    # given a random calendar, its oracle and a minute inside the oracle's exact range
    oracle, cal = Oracle(config), config.calendar()
    a = oracle.lo + offset
    moment, due = oracle.moment(a), oracle.add(a, budget)
    following, later = oracle.next_working(a), oracle.add_business_days(a, 2)
    if due is None or following is None or later is None:
        reject()  # the answer lies beyond the oracle's four weeks
    # when / then every query agrees with counting minutes
    assert cal.is_working(moment) is oracle.is_working(a)
    assert cal.next_working_moment(moment) == oracle.moment(following)
    assert cal.add(moment, budget * MINUTE) == oracle.moment(due)
    assert (
        cal.elapsed(moment, oracle.moment(a + budget * 3))
        == oracle.elapsed(a, a + budget * 3) * MINUTE
    )
    assert cal.add_business_days(moment, 2) == oracle.moment(later)


microseconds = st.integers(0, 40 * 86_400 * 10**6).map(lambda us: timedelta(microseconds=us))
budgets = st.integers(1, 5 * 86_400 * 10**6).map(lambda us: timedelta(microseconds=us))


def _moment(config: Config, offset: timedelta) -> datetime:
    return datetime.combine(config.base, time(), tzinfo=UTC) + offset


def _has_work(config: Config) -> bool:
    """Weekly hours guarantee working time in every direction."""
    return any(config.weekly.values())


@PROPERTY
@given(config=configs(), offset=microseconds, budget=budgets)
def test_elapsed_of_add_is_the_budget(config: Config, offset: timedelta, budget: timedelta) -> None:
    # given a random calendar with weekly hours and a start to the microsecond
    cal = config.calendar()
    assume(_has_work(config))
    start = _moment(config, offset)
    # when
    due = cal.add(start, budget)
    # then
    assert cal.elapsed(start, due) == budget
    assert cal.elapsed(start, due - timedelta(microseconds=1)) < budget


@PROPERTY
@given(config=configs(), offsets=st.lists(microseconds, min_size=2, max_size=2), budget=budgets)
def test_add_is_monotonic(config: Config, offsets: list[timedelta], budget: timedelta) -> None:
    # given a random calendar and two starts in order
    cal = config.calendar()
    assume(_has_work(config))
    early, late = sorted(_moment(config, offset) for offset in offsets)
    # when / then: a later start or a bigger budget never gives an earlier due time
    assert cal.add(early, budget) <= cal.add(late, budget)
    assert cal.add(early, budget) <= cal.add(early, budget + timedelta(seconds=1))
    assert cal.subtract(early, budget) <= cal.subtract(late, budget)
    assert cal.elapsed(early, late) <= cal.elapsed(early, late + budget)


@PROPERTY
@given(config=configs(), offset=microseconds, budget=budgets)
def test_subtract_inverts_add_on_working_instants(
    config: Config, offset: timedelta, budget: timedelta
) -> None:
    # given a random calendar and a working instant
    cal = config.calendar()
    assume(_has_work(config))
    start = cal.next_working_moment(_moment(config, offset))
    assert cal.is_working(start)
    # when / then
    assert cal.subtract(cal.add(start, budget), budget) == start
    assert cal.previous_working_moment(start) == start


@PROPERTY
@given(config=configs(), offsets=st.lists(microseconds, min_size=3, max_size=3))
def test_elapsed_is_additive(config: Config, offsets: list[timedelta]) -> None:
    # given a random calendar and three instants in order
    cal = config.calendar()
    a, b, c = sorted(_moment(config, offset) for offset in offsets)
    # when / then
    assert cal.elapsed(a, c) == cal.elapsed(a, b) + cal.elapsed(b, c)
    assert cal.elapsed(c, a) == timedelta(0)
