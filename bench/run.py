"""``make bench``: serve the portal with gunicorn, load it with wrk, write a Markdown table.

    .venv/bin/python -m bench.run            # the full run (see docs/performance.md)
    .venv/bin/python -m bench.run --quick    # a short check that every step works

For each database (SQLite, then PostgreSQL) and each volume (1,000 then 10,000 notices, guides
and complaints; 100,000 notices on PostgreSQL) it tops up the data with ``make_volume_data``,
asks ``manage.py bench_plan`` for each target's requests and SQL query count, then serves the
portal with production settings (``bench.settings``: DEBUG off, the bare view added) and loads
it from wrk on 127.0.0.1: pages with the page cache off, then on; submissions with 50 clients.
A stock site made by ``wagtail start`` is served with the same gunicorn settings in the same run;
every target is shown as a ratio of the bare Django view and of that stock home page.

Only loopback addresses are used, every load is bounded in time, and every server started here
is stopped here.
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "lua" / "target.lua"
RESULTS = Path(__file__).resolve().parent / "results"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "127.0.0.1"
PORTAL_PORT = int(os.environ.get("BENCH_PORT", "8005"))
STOCK_PORT = PORTAL_PORT + 1
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
# Residents emailed about every notice, for the publish target (the budget names 5,000).
SUBSCRIBERS = 5000


def log(message: str) -> None:
    stamp = datetime.datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", flush=True)  # noqa: T201 - the harness talks to its operator


# -- processes -------------------------------------------------------------------------------------


def run(command: list[str], env: dict[str, str], cwd: Path = ROOT, quiet=True) -> str:
    result = subprocess.run(  # noqa: S603 - our own commands, no shell
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"failed: {' '.join(command)}")
    if not quiet:
        print(result.stdout.rstrip())  # noqa: T201
    return result.stdout


def manage(env: dict[str, str], *args: str, quiet=True) -> str:
    return run([PYTHON, "manage.py", *args], env, quiet=quiet)


class Server:
    """gunicorn on 127.0.0.1, the same settings for the portal and the stock site."""

    def __init__(
        self, app: str, port: int, env: dict[str, str], cwd: Path = ROOT, tasks: bool = False
    ):
        self.app, self.port, self.env, self.cwd = app, port, env, cwd
        self.process: subprocess.Popen | None = None
        # The portal runs with its task worker, as deployed (docs/operations.md): emails, and
        # the search vocabulary's rebuilds after a publish, happen there, not in gunicorn.
        self.tasks = tasks
        self.worker: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        with socket.socket() as probe:
            if probe.connect_ex((HOST, self.port)) == 0:
                raise SystemExit(
                    f"Port {self.port} is in use: stop what listens there or set BENCH_PORT."
                )
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            [
                GUNICORN,
                self.app,
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(WORKERS),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=self.cwd,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        if self.tasks:
            self.worker = subprocess.Popen(  # noqa: S603
                [PYTHON, "manage.py", "worker", "--interval", "1"],
                cwd=self.cwd,
                env=self.env,
                stdout=self.log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped: {Path(self.log.name).read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{self.port}/", timeout=20):  # noqa: S310
                    return self
            except urllib.error.HTTPError:
                return self
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not answer within 60 s")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_memory_mb(self) -> tuple[float, float]:
        """The largest resident memory of the workers, and its proportional share (PSS: pages
        shared with the other workers counted in part), in MB."""
        largest = (0, 0)
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.M):
                found = re.search(r"^VmRSS:\s+(\d+) kB", text, re.M)
                rss = int(found.group(1)) if found else 0
                pss = 0
                rollup = status.with_name("smaps_rollup")
                try:
                    found = re.search(r"^Pss:\s+(\d+) kB", rollup.read_text(), re.M)
                    pss = int(found.group(1)) if found else 0
                except OSError:
                    pass
                largest = max(largest, (rss, pss))
        return largest[0] / 1024, largest[1] / 1024

    def __exit__(self, *exc) -> None:
        for process in (self.worker, self.process):
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.log.close()


# -- load ------------------------------------------------------------------------------------------


def lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def csrf_cookie(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=30) as response:  # noqa: S310
        for header in response.headers.get_all("Set-Cookie") or []:
            found = re.match(r"csrftoken=([^;]+)", header)
            if found:
                return found.group(1)
    raise SystemExit(f"no CSRF cookie from {path}")


def wrk(port: int, requests: list[dict], seconds: float, connections: int, offset: int = 0) -> dict:
    """Load ``requests`` for ``seconds``; requests sent ``once`` start after the first ``offset``."""
    headers = {"Accept-Language": "zh-CN,zh;q=0.9"}
    items, expect, redirects = [], None, set()
    threads = min(2, connections)
    for request in requests:
        fields = f"path = {lua_string(request['path'])}"
        if request.get("cookie"):
            fields += f", cookie = {lua_string(request['cookie'])}"
        if request["method"] == "POST":
            if "X-CSRFToken" not in headers:
                token = csrf_cookie(port, request["csrf_from"])
                headers.update(
                    {
                        "Cookie": f"csrftoken={token}",
                        "X-CSRFToken": token,
                        "Content-Type": "application/x-www-form-urlencoded",
                    }
                )
            body = urllib.parse.urlencode(request["form"])
            fields += f", body = {lua_string(body)}"
            expect = request["expect"] or None
            if request.get("redirect"):
                redirects.add(request["redirect"])
        items.append(f"{{{fields}}}")
    once = any(request.get("once") for request in requests)
    spec = (
        "spec = {requests = {"
        + ", ".join(items)
        + "}, headers = {"
        + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
        + "}"
        + (f", expect = {lua_string(expect)}" if expect else "")
        + (
            ", redirects = {" + ", ".join(f"[{lua_string(r)}] = true" for r in redirects) + "}"
            if redirects
            else ""
        )
        + (f", once = true, offset = {offset}, threads = {threads}" if once else "")
        + "}\n"
    )
    with tempfile.NamedTemporaryFile("w", prefix="bench-", suffix=".lua", delete=False) as script:
        script.write(spec + LUA.read_text())
    try:
        output = subprocess.run(  # noqa: S603
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{seconds:g}s",  # noqa: S607
                "--timeout",
                "10s",
                "-s",
                script.name,
                f"http://{HOST}:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(script.name)
    found = re.search(r"^BENCH_JSON (.*)$", output, re.M)
    if not found:
        raise SystemExit(f"wrk printed no summary:\n{output}")
    result = json.loads(found.group(1))
    seconds_run = result["duration_us"] / 1e6
    result["rps"] = result["requests"] / seconds_run if seconds_run else 0.0
    result["errors"] = sum(
        result[name]
        for name in (
            "connect_errors",
            "read_errors",
            "write_errors",
            "timeouts",
            "status_errors",
            "rejected",
        )
    )
    return result


# -- the run ---------------------------------------------------------------------------------------


@dataclass
class Row:
    database: str
    volume: str
    target: str
    label: str
    mode: str  # "uncached", "cached", "submit", "baseline", "stock"
    result: dict
    queries: int | None = None
    p95_budget: float | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Options:
    quick: bool
    seconds: float
    warmup: float
    sizes: list[int]
    pg_notices: int
    databases: list[str]
    only: set[str]
    connections: int


Volume = tuple[str, list[str], bool, set[str] | None]  # name, make_volume_data's counts,
# whether submissions and cached pages are measured there, the targets it is kept for (None: all)


def volumes_for(database: str, options: Options) -> list[Volume]:
    """The volumes a run measures on ``database``, smallest first."""
    volumes: list[Volume] = [
        (
            str(size),
            [
                *("--notices", str(size), "--guides", str(size)),
                *("--complaints", str(size), "--ballots", str(size)),
                *("--entries", str(size), "--subscribers", str(SUBSCRIBERS)),
            ],
            size == max(options.sizes),
            None,
        )
        for size in sorted(options.sizes)
    ]
    if database == "postgres" and options.pg_notices:
        volumes.append(
            (
                f"{options.pg_notices}-notices",
                ["--notices", str(options.pg_notices), "--languages", "zh-hans", "--no-index"],
                False,
                {"home", "notice_index", "notice_detail"},
            )
        )
    if options.only:
        # A volume kept for some targets only is not built when none of them is asked for.
        volumes = [v for v in volumes if v[3] is None or v[3] & options.only]
    return volumes


def base_env(var_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        LOG_LEVEL="WARNING",
        PORTAL_VAR_DIR=str(var_dir),
        STATIC_ROOT=str(var_dir / "static"),
        MEDIA_ROOT=str(var_dir / "media"),
        COMPLAINTS_SUBMIT_RATE="100000000",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def database_url(name: str, var_dir: Path, volume: str) -> str:
    """Each volume has its own database, so a later run measures 1,000 items at 1,000 again:
    an SQLite file per volume, and on PostgreSQL a schema per volume in the one database."""
    if name == "sqlite":
        return f"sqlite:///{var_dir / f'bench-{volume}.sqlite3'}"
    base = os.environ.get("BENCH_POSTGRES_URL", "postgres:///portal_bench")
    schema = "bench_" + re.sub(r"\W", "_", volume)
    run(
        ["psql", base.split("?")[0], "-qc", f"CREATE SCHEMA IF NOT EXISTS {schema}"],
        dict(os.environ),
    )
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options={urllib.parse.quote(f'-c search_path={schema}')}"


def seed_from_smaller(name: str, var_dir: Path, volume: str, smaller: str | None) -> None:
    """Start an SQLite volume from a copy of the next smaller one (it is only topped up)."""
    if name != "sqlite" or smaller is None:
        return
    target = var_dir / f"bench-{volume}.sqlite3"
    source = var_dir / f"bench-{smaller}.sqlite3"
    if not target.exists() and source.exists():
        shutil.copyfile(source, target)
        marker = var_dir / f"demo-loaded-{smaller}"
        if marker.exists():
            (var_dir / f"demo-loaded-{volume}").write_text(database_url(name, var_dir, volume))


def prepare(env: dict[str, str], var_dir: Path, volume: str) -> None:
    """Migrate and load the demo content (once per database)."""
    manage(env, "migrate", "--noinput", "-v0")
    marker = var_dir / f"demo-loaded-{volume}"
    if not marker.exists() or marker.read_text() != env["DATABASE_URL"]:
        manage(env, "load_demo_content")
        marker.write_text(env["DATABASE_URL"])


def warm(port: int, requests: list[dict]) -> None:
    """Ask for each page once per worker and more, so no worker loads its caches while timed."""
    gets = [request["path"] for request in requests if request["method"] == "GET"]
    for path in gets[:1] * (3 * WORKERS) + gets[1:]:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=60):  # noqa: S310
                pass
        except urllib.error.HTTPError:
            pass


def measure(port: int, target: dict, mode: str, options: Options, full: bool = True) -> dict:
    """Warm every worker, let wrk warm up, then measure (half as long below the full volume)."""
    connections = target["connections"] or options.connections
    requests = target["requests"]
    warm(port, requests)
    sent = 0  # requests that may be sent once (votes) go on where the warm-up stopped
    if options.warmup:
        sent = wrk(port, requests, options.warmup, connections)["sent_once"]
    seconds = options.seconds if full else max(2.0, options.seconds / 2)
    result = wrk(port, requests, seconds, connections, offset=sent)
    if sent + result["sent_once"] > len(requests):
        log(f"{target['name']}: only {len(requests)} one-time requests, the rest were repeats")
    return result


REBUILD_SEARCHES = ("/search/?q=%E4%BD%8F%E6%88%BF", "/en/search/?q=housing")


def after_a_vocabulary_rebuild(server: Server, env: dict[str, str], timeout: float = 600) -> float:
    """What a publish does to the search vocabularies (they are out of date), then searches in
    both languages until every worker has taken the rebuilt ones (it maps their new files):
    a worker's memory after its first change, not only after a start. The seconds it took."""
    # The publish target leaves hundreds of rounds of 5,000 emails queued (a flood no moderator
    # makes); the task worker would send them all before the build queued behind them.
    manage(env, "shell", "-c", "from bench.publish import drop_queued_tasks; drop_queued_tasks()")
    manage(env, "shell", "-c", "from search import vocabulary; vocabulary.invalidate()")
    started = time.monotonic()

    def mapped(pid: int) -> set[str]:
        maps = Path(f"/proc/{pid}/maps").read_text()
        return set(re.findall(r"(/\S+\.vocabulary)(?: \(deleted\))?$", maps, re.M))

    before = {pid: mapped(pid) for pid in server.worker_pids()}
    while time.monotonic() - started < timeout:
        for path in REBUILD_SEARCHES * WORKERS:
            with urllib.request.urlopen(f"http://{HOST}:{server.port}{path}", timeout=60):  # noqa: S310
                pass
        now = {pid: mapped(pid) for pid in server.worker_pids()}
        if all(len(now[pid]) == 2 and not now[pid] & before.get(pid, set()) for pid in now):
            return time.monotonic() - started
        time.sleep(1)
    raise SystemExit(f"the workers did not take the rebuilt vocabularies within {timeout:.0f} s")


def measure_volume(
    database: str,
    volume: str,
    env: dict[str, str],
    options: Options,
    full: bool,
    targets_wanted: set[str] | None = None,
) -> list[Row]:
    rows: list[Row] = []
    # Only the targets this volume measures: a smaller volume may lack the data of the others.
    only = options.only | {"bare"} if options.only else set()
    if targets_wanted is not None:
        only = only & targets_wanted if only else set(targets_wanted)
    plan = json.loads(
        manage(env, "bench_plan", *(["--only", ",".join(sorted(only))] if only else []))
    )
    uncached_env = {**env, "PORTAL_PAGE_CACHE_SECONDS": "0"}
    # The servers start with an empty shared cache, as a new deployment does: no page, rate count
    # or search vocabulary of the volume measured before, nor the vocabulary bench_plan built
    # before its publications made it out of date (the workers would rebuild it while measured).
    shutil.rmtree(Path(env["PORTAL_VAR_DIR"]) / "cache", ignore_errors=True)
    with Server("portal.wsgi", PORTAL_PORT, uncached_env, tasks=True) as server:
        for target in plan:
            if target["kind"] == "baseline" or (target["kind"] == "submit" and not full):
                continue
            mode = "submit" if target["kind"] == "submit" else "uncached"
            log(f"{database} {volume}: {target['name']} ({mode})")
            result = measure(server.port, target, mode, options, full)
            rows.append(
                Row(
                    database,
                    volume,
                    target["name"],
                    target["label"],
                    mode,
                    result,
                    target["queries"],
                    target["p95_ms"],
                )
            )
        rss, pss = server.worker_memory_mb()
        rows.append(
            Row(
                database,
                volume,
                "worker_rss",
                "gunicorn worker RSS after the run",
                "memory",
                {"rss_mb": rss, "pss_mb": pss},
            )
        )
        if any(target["kind"] == "search" for target in plan):
            log(f"{database} {volume}: worker memory after the vocabularies are rebuilt")
            seconds = after_a_vocabulary_rebuild(server, env)
            rss, pss = server.worker_memory_mb()
            rows.append(
                Row(
                    database,
                    volume,
                    "worker_rss_rebuilt",
                    "gunicorn worker RSS after a vocabulary rebuild",
                    "memory",
                    {"rss_mb": rss, "pss_mb": pss, "rebuild_s": seconds},
                )
            )
    if not full:
        return rows
    with Server("portal.wsgi", PORTAL_PORT, env) as server:
        for target in plan:
            if target["kind"] == "baseline" or (target["kind"] == "page" and target["cacheable"]):
                mode = "baseline" if target["kind"] == "baseline" else "cached"
                log(f"{database} {volume}: {target['name']} ({mode})")
                result = measure(server.port, target, mode, options)
                rows.append(
                    Row(
                        database,
                        volume,
                        target["name"],
                        target["label"],
                        mode,
                        result,
                        target["queries"] if mode == "baseline" else None,
                    )
                )
    return rows


def stock_wagtail(options: Options, workdir: Path) -> Row:
    """The home page of a stock ``wagtail start`` site under the same gunicorn settings."""
    project = workdir / "stock"
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    if not (project / "manage.py").exists():
        project.mkdir(parents=True, exist_ok=True)
        wagtail = str(Path(sys.executable).with_name("wagtail"))
        run([wagtail, "start", "stocksite", str(project)], env)
        requirements = project / "requirements.txt"
        if requirements.exists():  # the template asks for a Django this Python cannot run
            requirements.write_text(
                re.sub(r"(?m)^Django.*$", "Django>=5.2,<5.3", requirements.read_text())
            )
        (project / "stocksite" / "settings" / "local.py").write_text(
            f"SECRET_KEY = {secrets.token_urlsafe(48)!r}\nALLOWED_HOSTS = [{HOST!r}, 'localhost']\n"
        )
    env["DJANGO_SETTINGS_MODULE"] = "stocksite.settings.production"
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env, cwd=project)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env, cwd=project)
    with Server("stocksite.wsgi", STOCK_PORT, env, cwd=project) as server:
        log("stock Wagtail site: home")
        target = {"requests": [{"path": "/", "method": "GET"}], "connections": None}
        result = measure(server.port, target, "stock", options)
    return Row("sqlite", "-", "stock_home", "Stock Wagtail site, home page", "stock", result)


def versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ["Django", "wagtail", "gunicorn", "whitenoise", "psycopg"]
    found = {name: version(name) for name in names}
    found["Python"] = platform.python_version()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    found["wrk"] = (wrk_version.stdout + wrk_version.stderr).split()[1]
    found["SQLite"] = __import__("sqlite3").sqlite_version
    return found


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.*)$", cpuinfo.read_text(), re.M)
        model = found.group(1) if found else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s+(\d+)", meminfo.read_text(), re.M)
        memory = f"{int(found.group(1)) / 1024 / 1024:.0f} GiB" if found else ""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), {memory}, load average at start {load}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small volumes, 3 s per target")
    parser.add_argument("--seconds", type=float, help="seconds of load per target")
    parser.add_argument("--sizes", help="volumes, comma-separated (default 1000,10000)")
    parser.add_argument("--pg-notices", type=int, help="notices for the PostgreSQL-only round")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--only", default="", help="targets to measure, comma-separated")
    parser.add_argument(
        "--connections",
        type=int,
        default=WORKERS,
        help="clients for page targets (default: one per worker, so latency is a page's own "
        "time, not a queue)",
    )
    parser.add_argument("--no-stock", dest="stock", action="store_false")
    parser.add_argument(
        "--prepare-only", action="store_true", help="build the databases and data, measure nothing"
    )
    parser.add_argument("--workdir", default=str(ROOT / "var" / "bench"))
    args = parser.parse_args(argv)
    options = Options(
        quick=args.quick,
        seconds=args.seconds or (3 if args.quick else 8),
        warmup=1 if args.quick else 2,
        sizes=[
            int(s) for s in (args.sizes or ("100,300" if args.quick else "1000,10000")).split(",")
        ],
        pg_notices=args.pg_notices
        if args.pg_notices is not None
        else (0 if args.quick else 100_000),
        databases=[d for d in args.databases.split(",") if d],
        only={name for name in args.only.split(",") if name},
        connections=args.connections,
    )
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    start_time = datetime.datetime.now(datetime.UTC)
    about = machine()
    rows: list[Row] = []
    if args.stock and not args.prepare_only:
        rows.append(stock_wagtail(options, workdir))
    static_env = base_env(workdir)
    static_env.update(
        STATIC_ROOT=str(workdir / "static"), DATABASE_URL=f"sqlite:///{workdir / 'static.sqlite3'}"
    )
    log("collect static files (hashed, compressed, as in production)")
    manage(static_env, "collectstatic", "--noinput", "-v0")
    for database in options.databases:
        var_dir = workdir / database
        var_dir.mkdir(parents=True, exist_ok=True)
        smaller = None
        for volume, counts, full, wanted in volumes_for(database, options):
            seed_from_smaller(database, var_dir, volume, smaller)
            smaller = volume
            env = base_env(var_dir)
            env["STATIC_ROOT"] = str(workdir / "static")
            env["DATABASE_URL"] = database_url(database, var_dir, volume)
            log(f"{database} {volume}: migrate, demo content")
            prepare(env, var_dir, volume)
            log(f"{database} {volume}: volume data")
            manage(env, "make_volume_data", *counts)
            if args.prepare_only:
                continue
            label = volume.replace("-notices", " notices")
            label = f"{int(label.split()[0]):,}" + label[len(label.split()[0]) :]
            rows += measure_volume(database, label, env, options, full, targets_wanted=wanted)
            # Written after every volume, so a run that stops early keeps what it measured.
            write_report(rows, options, about, start_time, time.monotonic() - started)
    if args.prepare_only:
        log(f"data ready in {workdir} ({(time.monotonic() - started) / 60:.1f} min)")
        return
    elapsed = time.monotonic() - started
    name, report = write_report(rows, options, about, start_time, elapsed)
    print(report)  # noqa: T201
    log(f"written to bench/results/{name} ({elapsed / 60:.1f} min)")


def write_report(rows: list[Row], options: Options, about: str, start_time, elapsed: float):
    report = render(rows, options, about, start_time, elapsed)
    RESULTS.mkdir(exist_ok=True)
    name = f"{start_time:%Y-%m-%d-%H%M}{'-quick' if options.quick else ''}.md"
    (RESULTS / name).write_text(report, encoding="utf-8")
    return name, report


# -- the table -------------------------------------------------------------------------------------


def _ms(microseconds: int) -> str:
    return f"{microseconds / 1000:.1f}"


def render(rows: list[Row], options: Options, about: str, when, elapsed: float) -> str:
    from bench.report import render_markdown

    return render_markdown(rows, options, about, when, elapsed, versions())


if __name__ == "__main__":
    main()
