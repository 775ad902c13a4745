"""Profile uncached page views in one warm process, as a gunicorn worker serves them.

    .venv/bin/python -m bench.profile --database var/bench/sqlite/bench-1000.sqlite3
    .venv/bin/python -m bench.profile --targets home --requests 500 --out bench/results/x
    .venv/bin/python -m bench.profile --database-url postgres:///portal_bench --targets notice_index

The portal runs with the benchmark's production settings (``bench.settings``, DEBUG off, page
cache off, the shared parts of pages on) on a volume database that ``bench/run.py`` built. Each
target's requests (``bench/targets.py``) go through Django's WSGI handler in this process, the
whole middleware stack included: first a warm-up round, then ``--requests`` requests per target
under cProfile. For each target it writes ``<out>-<target>.prof`` (``python -m pstats``, or
snakeviz) and ``<out>-<target>.txt``: milliseconds per request, CPU time per request (steadier
than the clock on a shared machine), the SQL queries per request and the functions that took the
most time. With ``--no-cprofile`` it only sends the requests, for a sampling profiler attached
from outside:

    py-spy record -o bench/results/home.svg -- .venv/bin/python -m bench.profile \\
        --targets home --no-cprofile --requests 2000
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def _environment(database: Path, database_url: str = "") -> None:
    var_dir = database.parent
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        LOG_LEVEL="WARNING",
        PORTAL_VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir.parent / "static"),
        MEDIA_ROOT=str(var_dir / "media"),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        PORTAL_PAGE_CACHE_SECONDS="0",
        DATABASE_URL=database_url or f"sqlite:///{database}",
    )


def _environ(path: str, cookie: str = "") -> dict:
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(path)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": unquote(parts.path),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "8005",
        "HTTP_HOST": f"{HOST}:8005",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_ACCEPT": "text/html,application/xhtml+xml",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "REMOTE_ADDR": HOST,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:  # a signed-in resident's session (``Request.cookie``)
        environ["HTTP_COOKIE"] = cookie
    return environ


def _send(application, path: str, cookie: str = "") -> int:
    status = []

    def start_response(line, headers, exc_info=None):
        status.append(line)

    body = application(_environ(path, cookie), start_response)
    for _chunk in body:
        pass
    if hasattr(body, "close"):
        body.close()
    return int(status[0].split()[0])


def _portal(database: Path, names: str, database_url: str = ""):
    if not database_url and not database.exists():
        raise SystemExit(f"{database} is missing: python -m bench.run --prepare-only first")
    _environment(database, database_url)

    from portal.wsgi import application  # noqa: I001 - settings first, then Django

    from bench.targets import available_targets

    targets = {target.name: target for target in available_targets()}
    pages = [
        (name, [(request.path, request.cookie) for request in targets[name].make_requests()])
        for name in names.split(",")
        if name
    ]
    return application, pages


def _stock_site(project: Path):
    """The stock site that ``bench/run.py`` made with ``wagtail start``, with its own settings."""
    if not (project / "manage.py").exists():
        raise SystemExit(f"{project} has no stock site: python -m bench.run makes it")
    os.chdir(project)
    sys.path.insert(0, str(project))
    os.environ["DJANGO_SETTINGS_MODULE"] = "stocksite.settings.production"
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application(), [("stock_home", [("/", "")])]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", default=str(ROOT / "var" / "bench" / "sqlite" / "bench-1000.sqlite3")
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL database that bench/run.py filled (postgres:///portal_bench) instead",
    )
    parser.add_argument("--targets", default="home,notice_detail,guide_detail")
    parser.add_argument("--requests", type=int, default=400, help="profiled requests per target")
    parser.add_argument("--no-cprofile", dest="cprofile", action="store_false")
    parser.add_argument("--out", default="", help="file name prefix (default: print only)")
    parser.add_argument("--top", type=int, default=45, help="functions listed per target")
    parser.add_argument(
        "--stock",
        metavar="DIR",
        help="profile the home page of the stock Wagtail site in DIR (var/bench/stock) instead",
    )
    args = parser.parse_args(argv)
    if args.stock:
        application, pages = _stock_site(Path(args.stock).resolve())
    else:
        application, pages = _portal(Path(args.database).resolve(), args.targets, args.database_url)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, paths in pages:
        for path, cookie in paths * 3:  # every page once, caches and template loaders warm
            if (status := _send(application, path, cookie)) != 200:
                raise SystemExit(f"{name}: {path} answered {status}")
        with CaptureQueriesContext(connection) as queries:
            for path, cookie in paths:
                _send(application, path, cookie)
        per_request_queries = len(queries.captured_queries) / len(paths)
        sequence = [paths[i % len(paths)] for i in range(args.requests)]
        profiler = cProfile.Profile() if args.cprofile else None
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for path, cookie in sequence:
            _send(application, path, cookie)
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        summary = (
            f"{name}: {len(sequence)} requests over {len(paths)} pages, "
            f"{1000 * elapsed / len(sequence):.2f} ms per request "
            f"({1000 * cpu / len(sequence):.2f} ms of CPU time)"
            f"{' under cProfile' if profiler else ''}, "
            f"{per_request_queries:.1f} SQL queries per request\n"
        )
        report = io.StringIO()
        report.write(summary)
        if profiler:
            stats = pstats.Stats(profiler, stream=report)
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
        sys.stdout.write(summary)
        if args.out:
            prefix = Path(args.out)
            prefix.parent.mkdir(parents=True, exist_ok=True)
            Path(f"{prefix}-{name}.txt").write_text(report.getvalue(), encoding="utf-8")
            if profiler:
                profiler.dump_stats(f"{prefix}-{name}.prof")


if __name__ == "__main__":
    main()
