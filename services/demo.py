"""Demo service guides: ``demo_data/service_guides.json`` imported like any other file.

Runs after ``home.demo`` (the guides go under the Chinese home page) through the same code as
``manage.py import_service_guides``, so the demo also exercises the importer. The import is an
upsert by (code, language) that saves nothing when the guides already match the file: a second
run creates no page and no revision.
"""

from pathlib import Path

from services.importer import import_guides, read_items

DATA = Path(__file__).resolve().parent / "demo_data" / "service_guides.json"


def load(stdout) -> None:
    report = import_guides(read_items(DATA))
    if report.errors:
        problems = "\n".join(str(error) for error in report.errors)
        raise RuntimeError(f"The demo service guides do not import cleanly:\n{problems}")
    stdout.write(report.summary())
