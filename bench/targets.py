"""What ``make bench`` measures: one row per target.

A target names the app it needs, a function (or ``"module:function"`` path, imported only when
that app is installed) that returns the request(s) to make against the benchmark database, and
its budget. A new target is a row here pointing at a function of the bench app (the apps know
nothing of the benchmarks), as for polls::

    Target("poll_results", "Poll results", "polls", "bench.ballots:results_requests", p95_ms=50),

A request function returns a list of ``Request``; a POST form's values may contain ``{key}``,
replaced by a value unique to each request (an idempotency key, say).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps

PAGE = "page"  # a page anyone may see: measured uncached, and cached when cacheable
SEARCH = "search"  # measured uncached only (search is never page-cached)
SUBMIT = "submit"  # a form post: measured with many clients; each response is checked
BASELINE = "baseline"  # the bare Django view


@dataclass
class Request:
    path: str
    method: str = "GET"
    form: dict[str, str] = field(default_factory=dict)
    # For a POST: a text the answer must contain for the request to count as a success.
    expect: str = ""
    # A page to GET first for the CSRF cookie (forms need it).
    csrf_from: str = ""
    # For a POST: the answer must instead be a redirect to exactly this path (post/redirect/get).
    redirect: str = ""
    # A cookie of this request's own client, e.g. the session of a signed-in resident.
    cookie: str = ""
    # Sent at most once (a vote): the harness hands such requests out in turn, never twice.
    once: bool = False


@dataclass
class Target:
    name: str
    label: str
    app: str
    requests: str | Callable[[], list[Request]]
    kind: str = PAGE
    p95_ms: float | None = None
    connections: int | None = None
    cacheable: bool = True

    def available(self) -> bool:
        return apps.is_installed(self.app)

    def make_requests(self) -> list[Request]:
        function = self.requests
        if isinstance(function, str):
            module, name = function.split(":")
            function = getattr(import_module(module), name)
        return function()


TARGETS = [
    Target("bare", "Bare Django view", "bench", "bench.requests:bare", kind=BASELINE),
    Target("home", "Home page", "home", "bench.requests:home", p95_ms=50),
    Target("notice_index", "Notice index", "notices", "bench.requests:notice_index", p95_ms=50),
    Target("notice_detail", "Notice detail", "notices", "bench.requests:notice_detail", p95_ms=50),
    Target("guide_detail", "Guide detail", "services", "bench.requests:guide_detail", p95_ms=50),
    Target(
        "resident_pages",
        "Signed-in resident: my portal, a poll, a course",
        "accounts",
        "bench.requests:resident_pages",
        p95_ms=80,
        cacheable=False,
    ),
    Target(
        "search",
        "Search (mixed queries)",
        "search",
        "bench.requests:search",
        kind=SEARCH,
        p95_ms=100,
        cacheable=False,
    ),
    Target(
        "complaint_submit",
        "Complaint submission",
        "complaints",
        "bench.requests:complaint_submit",
        kind=SUBMIT,
        p95_ms=150,
        connections=50,
        cacheable=False,
    ),
    Target(
        "disclosure_period",
        "Disclosure period (10,000 entries)",
        "disclosures",
        "bench.entries:period_requests",
        p95_ms=50,
    ),
    Target("poll_results", "Poll results", "polls", "bench.ballots:results_requests", p95_ms=50),
    Target(
        "vote",
        "Vote submission",
        "polls",
        "bench.ballots:vote_requests",
        kind=SUBMIT,
        p95_ms=150,
        connections=50,
        cacheable=False,
    ),
    Target(
        "publish",
        "Publish a notice to 5,000 subscribers (moderator)",
        "notices",
        "bench.publish:publish_requests",
        kind=SUBMIT,
        p95_ms=500,
        cacheable=False,
    ),
]


def available_targets() -> list[Target]:
    return [target for target in TARGETS if target.available()]
