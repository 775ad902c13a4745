"""The Markdown report of a benchmark run: one table of measurements, then the budget checks."""

CACHED_SHARE = 0.70  # cached pages reach this share of the bare view's throughput
# A worker's own share of memory (PSS: pages shared with the preloaded master counted in part).
PSS_BUDGET_MB = 150


def _ms(microseconds: float) -> str:
    return f"{microseconds / 1000:.1f}"


def _ratio(value: float, reference: float | None) -> str:
    if not reference:
        return "-"
    return f"{value / reference:.0%}"


def render_markdown(rows, options, about: str, when, elapsed: float, versions: dict) -> str:
    bare = {row.database: row.result["rps"] for row in rows if row.mode == "baseline"}
    stock = next((row.result["rps"] for row in rows if row.mode == "stock"), None)
    lines = [
        f"# Benchmark {when:%Y-%m-%d %H:%M} UTC{' (quick check, not a measurement)' if options.quick else ''}",
        "",
        f"- Machine: {about}",
        "- Versions: " + ", ".join(f"{name} {value}" for name, value in versions.items()),
        f"- Load: wrk on 127.0.0.1, {options.seconds:g} s per target after {options.warmup:g} s "
        f"of warm-up, {options.connections} connections for pages, 50 for submissions; "
        "gunicorn with the same settings for every server (sync workers, 2 of them).",
        f"- Whole run: {elapsed / 60:.1f} min.",
        "",
        "| database | volume | target | mode | req/s | p50 ms | p95 ms | p99 ms | errors | SQL "
        "queries | vs bare view | vs stock Wagtail | p95 budget |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        if row.mode == "memory":
            continue
        result = row.result
        budget = "-"
        if row.p95_budget and row.mode in {"uncached", "submit"} and not result["requests"]:
            budget = f"{row.p95_budget:g} ms: **missed: no request completed**"
        elif row.p95_budget and row.mode in {"uncached", "submit"}:
            p95 = result["p95_us"] / 1000
            budget = (
                f"{row.p95_budget:g} ms: met"
                if p95 <= row.p95_budget
                else f"{row.p95_budget:g} ms: **missed by {p95 - row.p95_budget:.0f} ms**"
            )
        lines.append(
            f"| {row.database} | {row.volume} | {row.label} | {row.mode} | {result['rps']:.0f} | "
            f"{_ms(result['p50_us'])} | {_ms(result['p95_us'])} | {_ms(result['p99_us'])} | "
            f"{result['errors']} | {row.queries if row.queries is not None else '-'} | "
            f"{_ratio(result['rps'], bare.get(row.database))} | {_ratio(result['rps'], stock)} | "
            f"{budget} |"
        )
    lines += ["", "## Budget checks", ""]
    lines += checks(rows, bare)
    lines.append("")
    return "\n".join(lines)


def checks(rows, bare: dict) -> list[str]:
    found = []
    for row in rows:
        if row.mode == "cached" and bare.get(row.database):
            share = row.result["rps"] / bare[row.database]
            verdict = (
                "met"
                if share >= CACHED_SHARE
                else (f"**missed by {CACHED_SHARE - share:.0%} points**")
            )
            found.append(
                f"- Cached {row.label} ({row.database}, {row.volume}): {share:.0%} of the bare "
                f"view (budget {CACHED_SHARE:.0%}): {verdict}"
            )
        if row.mode == "submit":
            errors = row.result["errors"]
            found.append(
                f"- {row.label} ({row.database}, {row.volume}): {errors} errors "
                f"({'met' if errors == 0 else '**missed**'}: budget zero)"
            )
        if row.mode == "memory":
            rss, pss = row.result["rss_mb"], row.result.get("pss_mb")
            if pss:
                verdict = (
                    "met" if pss < PSS_BUDGET_MB else f"**missed by {pss - PSS_BUDGET_MB:.0f} MB**"
                )
                measured = f"{rss:.0f} MB resident, {pss:.0f} MB of it its own share (PSS)"
            else:
                verdict = "**not measured: no PSS (smaps_rollup unreadable)**"
                measured = f"{rss:.0f} MB resident"
            when = f"after the {row.database} {row.volume} round"
            if "rebuild_s" in row.result:
                when += (
                    ", once every worker had taken the rebuilt search vocabularies "
                    f"({row.result['rebuild_s']:.0f} s after the change)"
                )
            found.append(
                f"- Largest gunicorn worker {when}: "
                f"{measured} (budget PSS {PSS_BUDGET_MB} MB): {verdict}"
            )
    queries: dict[tuple[str, str], dict[str, int]] = {}
    for row in rows:
        if row.mode in {"uncached", "submit"} and row.queries is not None:
            queries.setdefault((row.database, row.label), {})[row.volume] = row.queries
    for (database, label), by_volume in queries.items():
        if len(by_volume) < 2:
            continue
        counts = " -> ".join(f"{count} at {volume}" for volume, count in by_volume.items())
        values = list(by_volume.values())
        if len(set(values)) == 1:
            verdict = "constant"
        elif values[-1] > values[0]:
            verdict = "**grows with the volume**"
        else:
            # Search: one query per section among the results, which depends on what matched.
            verdict = "does not grow (it varies with what the results hold)"
        found.append(f"- SQL queries of {label} ({database}): {counts}: {verdict}")
    return found
