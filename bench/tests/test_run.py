"""Which volumes a run builds and measures (``python -m bench.run``'s options)."""

from bench.run import Options, volumes_for


def options(only: set[str], sizes=(1000, 10000)) -> Options:
    return Options(
        quick=False,
        seconds=1,
        warmup=1,
        sizes=list(sizes),
        pg_notices=100_000,
        databases=["sqlite", "postgres"],
        only=only,
        connections=0,
    )


def names(database: str, only: set[str]) -> list[str]:
    return [volume[0] for volume in volumes_for(database, options(only))]


def test_a_full_run_measures_every_volume_smallest_first():
    assert names("sqlite", set()) == ["1000", "10000"]
    assert names("postgres", set()) == ["1000", "10000", "100000-notices"]
    full = {volume[0]: volume[2] for volume in volumes_for("postgres", options(set()))}
    assert full == {"1000": False, "10000": True, "100000-notices": False}


def test_a_volume_kept_for_some_targets_is_built_only_when_one_of_them_is_asked_for():
    # The 100,000-notice volume has no poll, guide or ballot: --only search once stopped there.
    assert names("postgres", {"search"}) == ["1000", "10000"]
    assert names("postgres", {"search", "notice_index"}) == ["1000", "10000", "100000-notices"]
    kept_for = volumes_for("postgres", options({"home"}))[-1][3]
    assert kept_for == {"home", "notice_index", "notice_detail"}
