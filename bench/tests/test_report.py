"""The Markdown report says which budgets were met and by how much the others were missed."""

import datetime
from types import SimpleNamespace

from bench.report import render_markdown
from bench.run import Row


def result(rps: float, p95_ms: float, requests: int = 100, errors: int = 0) -> dict:
    return {
        "rps": rps,
        "requests": requests,
        "p50_us": p95_ms * 500,
        "p95_us": p95_ms * 1000,
        "p99_us": p95_ms * 1200,
        "errors": errors,
    }


def test_report_marks_budgets_met_and_missed():
    rows = [
        Row("sqlite", "-", "stock_home", "Stock Wagtail site, home page", "stock", result(400, 5)),
        Row("sqlite", "1,000", "home", "Home page", "uncached", result(50, 30), 27, 50),
        Row("sqlite", "10,000", "home", "Home page", "uncached", result(40, 80), 27, 50),
        Row("sqlite", "10,000", "search", "Search", "uncached", result(0, 0, requests=0), 18, 100),
        Row("sqlite", "10,000", "bare", "Bare Django view", "baseline", result(1000, 3), 0),
        Row("sqlite", "10,000", "home", "Home page", "cached", result(600, 4)),
        Row(
            "sqlite",
            "10,000",
            "complaint",
            "Complaint submission",
            "submit",
            result(9, 90, errors=2),
            36,
            150,
        ),
        Row("sqlite", "10,000", "worker_rss", "worker", "memory", {"rss_mb": 260.0, "pss_mb": 160}),
        Row("sqlite", "1,000", "worker_rss", "worker", "memory", {"rss_mb": 255.0, "pss_mb": 110}),
        Row("postgres", "1,000", "worker_rss", "worker", "memory", {"rss_mb": 250.0}),
        Row(
            "sqlite",
            "10,000",
            "worker_rss_rebuilt",
            "worker",
            "memory",
            {"rss_mb": 240.0, "pss_mb": 140.4, "rebuild_s": 21.2},
        ),
    ]
    options = SimpleNamespace(quick=False, seconds=8, warmup=2, connections=10)
    when = datetime.datetime(2026, 11, 23, 15, 0, tzinfo=datetime.UTC)
    report = render_markdown(rows, options, "2 cores", when, 600, {"Django": "5.2.19"})
    assert "| sqlite | 1,000 | Home page | uncached | 50 |" in report
    assert "50 ms: met" in report
    assert "50 ms: **missed by 30 ms**" in report
    assert "**missed: no request completed**" in report
    assert "| 60% | 150% |" in report  # cached home: share of the bare view, of the stock site
    assert (
        "Cached Home page (sqlite, 10,000): 60% of the bare view (budget 70%): **missed by 10% points**"
        in report
    )
    assert "2 errors (**missed**: budget zero)" in report
    # The budget is the worker's own share (PSS), not its resident set, which counts every page
    # shared with the preloaded master.
    assert (
        "260 MB resident, 160 MB of it its own share (PSS) (budget PSS 150 MB): **missed by 10 MB**"
        in report
    )
    assert "255 MB resident, 110 MB of it its own share (PSS) (budget PSS 150 MB): met" in report
    assert "250 MB resident (budget PSS 150 MB): **not measured" in report
    assert (
        "after the sqlite 10,000 round, once every worker had taken the rebuilt search "
        "vocabularies (21 s after the change): 240 MB resident, 140 MB of it its own share (PSS) "
        "(budget PSS 150 MB): met" in report
    )
    assert "SQL queries of Home page (sqlite): 27 at 1,000 -> 27 at 10,000: constant" in report
    assert "Django 5.2.19" in report
