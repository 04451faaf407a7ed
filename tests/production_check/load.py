"""The load run: readers and submitters, and the pure logic that plans and judges it (tests/test_production_check.py).

Readers loop over a list of URLs until the deadline; every answer must be a 200. Submitters send contributions
at a fixed rate, each from the client address the plan gives it; the plan sends one address past
CONTRIBUTION_RATE_LIMIT and keeps the others below it, so the outcome is known in advance: for each address,
the first `limit` contributions are accepted (201 from the API, 302 from the form) and stored, the others get
the French 429 and are not.
"""

import math
import threading
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tests.production_check.client import ConnectionFailed, request

ACCEPTED = {"api": 201, "form": 302}
RATE_LIMITED = 429
HEAVY_EVERY = 3  # one submission in 3 comes from the address that goes past the limit
FORM_EVERY = 5  # one in 5 goes through the HTML form, the others through the write API


def percentile(values, fraction):
    """The nearest-rank percentile of `values` (0 < fraction <= 1); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


@dataclass
class ReadTally:
    """What the readers got, shared between threads."""

    statuses: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)  # (url, status or error), the first ones
    seconds: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    max_failures_kept: int = 20

    def add(self, url, status=None, seconds=0.0, error=""):
        with self.lock:
            self.statuses[status if error == "" else "connection error"] += 1
            if error == "":
                self.seconds.append(seconds)
            if (error or status != 200) and len(self.failures) < self.max_failures_kept:
                self.failures.append((url, error or status))

    @property
    def total(self):
        return sum(self.statuses.values())

    @property
    def failed(self):
        return self.total - self.statuses.get(200, 0)

    def summary(self, duration):
        return (
            f"{self.total} reads in {duration:.0f} s ({self.total / duration:.1f}/s), "
            f"{self.failed} failed; latency p50 {percentile(self.seconds, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(self.seconds, 0.95) * 1000:.0f} ms, max {max(self.seconds, default=0) * 1000:.0f} ms"
        )


def read_until(port, urls, deadline, tally, offset=0, stop=None):
    """One reader: the URLs in turn, starting at `offset`, until `deadline` (time.monotonic()) or `stop` is set."""
    stop = stop or threading.Event()
    position = offset
    while time.monotonic() < deadline and not stop.is_set():
        url = urls[position % len(urls)]
        position += 1
        try:
            response = request(port, "GET", url, timeout=30)
        except ConnectionFailed as error:
            tally.add(url, error=str(error))
        else:
            tally.add(url, response.status, response.seconds)


# --- Rate limit -------------------------------------------------------------------------------------------------


def window_end(value, period, now):
    """When django-ratelimit's current window for `value` ends (django_ratelimit.core._get_window)."""
    ts = int(now)
    if period == 1:
        return ts
    end = ts - (ts % period) + (zlib.crc32(value.encode()) % period)
    return end + period if end < ts else end


def quiet_addresses(candidates, period, now, margin):
    """The addresses whose rate-limit window does not end in the next `margin` seconds: their count only
    grows during the run, so how many of their contributions are accepted is known in advance."""
    return [address for address in candidates if window_end(address, period, now) > now + margin]


# --- Submissions ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedSubmission:
    index: int
    at: float  # seconds after the start of the run
    source: str  # client address
    channel: str  # "api" (JSON through the write API) or "form" (the HTML form at /contribuer/)
    title: str


def plan_submissions(*, count, per_second, heavy, light, marker, heavy_every=HEAVY_EVERY, form_every=FORM_EVERY):
    """`count` submissions at `per_second`: every `heavy_every`-th from `heavy`, the others spread over
    `light` in turn; every `form_every`-th through the HTML form, the others through the write API."""
    plan = []
    light_turn = 0
    for index in range(count):
        if index % heavy_every == 0:
            source = heavy
        else:
            source = light[light_turn % len(light)]
            light_turn += 1
        plan.append(
            PlannedSubmission(
                index=index,
                at=index / per_second,
                source=source,
                channel="form" if index % form_every == form_every - 1 else "api",
                title=f"Contrôle de production {marker} n°{index:04d}",
            )
        )
    return plan


def rate_limit_for(count, *, light_clients, heavy_every=HEAVY_EVERY):
    """A limit per address that the heavy address of `plan_submissions` crosses and the light ones do not."""
    heavy = math.ceil(count / heavy_every)
    light = math.ceil((count - heavy) / light_clients)
    if heavy <= light + 1:
        raise ValueError(f"{count} submissions cannot separate the heavy address from {light_clients} light ones")
    return light + max(1, (heavy - light) // 8)


def sent_by_address(plan):
    return Counter(submission.source for submission in plan)


@dataclass
class SubmissionOutcome:
    planned: PlannedSubmission
    status: int | None = None
    error: str = ""
    french_refusal: bool = False  # a 429 with its French message and Retry-After
    seconds: float = 0.0
    sent_at: float = 0.0  # seconds after the start of the run


def judge_submissions(outcomes, *, limit, stored_titles):
    """The problems (French-free, for the check's output) of a load run's submissions; [] when all is right.

    For each address, min(sent, limit) contributions are accepted and the rest refused with the French 429;
    the titles stored are exactly those of the accepted contributions.
    """
    problems = []
    accepted = defaultdict(int)
    refused = defaultdict(int)
    sent = Counter(outcome.planned.source for outcome in outcomes)
    accepted_titles = set()
    for outcome in outcomes:
        planned = outcome.planned
        if outcome.error:
            problems.append(f"#{planned.index} ({planned.channel}, {planned.source}): {outcome.error}")
        elif outcome.status == ACCEPTED[planned.channel]:
            accepted[planned.source] += 1
            accepted_titles.add(planned.title)
        elif outcome.status == RATE_LIMITED:
            refused[planned.source] += 1
            if not outcome.french_refusal:
                problems.append(f"#{planned.index}: 429 without the French message or Retry-After")
        else:
            problems.append(f"#{planned.index} ({planned.channel}, {planned.source}): unexpected {outcome.status}")
    for source, count in sorted(sent.items()):
        expected = min(count, limit)
        if accepted[source] != expected or refused[source] != count - expected:
            problems.append(
                f"{source}: sent {count}, accepted {accepted[source]} and refused {refused[source]}, "
                f"expected {expected} accepted and {count - expected} refused (limit {limit})"
            )
    if len(stored_titles) != len(set(stored_titles)):
        problems.append(f"{len(stored_titles) - len(set(stored_titles))} contribution(s) stored twice")
    missing = accepted_titles - set(stored_titles)
    extra = set(stored_titles) - accepted_titles
    if missing:
        problems.append(f"{len(missing)} accepted contribution(s) not in the database, e.g. {sorted(missing)[0]}")
    if extra:
        problems.append(f"{len(extra)} contribution(s) stored though not accepted, e.g. {sorted(extra)[0]}")
    return problems
