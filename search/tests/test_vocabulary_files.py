"""A built vocabulary lives in a file every process of the host maps: one copy for all workers."""

import pickle
import re
import time
import tracemalloc
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from search import vocabulary
from search.models import Synonym

pytestmark = pytest.mark.django_db


def mapped_files(pid: str = "self") -> set[str]:
    """The vocabulary files mapped into a process's memory: inode and path, "(deleted)" after
    the path of a file removed since."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return {
        f"{inode} {path}"
        for inode, path in re.findall(r"^\S+ \S+ \S+ \S+ (\d+)\s+(/\S+\.vocabulary.*)$", maps, re.M)
    }


def test_a_worker_maps_the_shared_build_and_copies_none_of_its_tables(portal_pages, settings):
    """Taking the stored build costs a process a few objects (the synonyms), not the tables:
    before, each worker unpickled the whole vocabulary into its own memory."""
    settings.SEARCH_VOCABULARY_REFRESH = 0
    vocabulary._built.clear()
    built = vocabulary.for_language("zh-hans")
    as_objects = vocabulary.build("zh-hans")
    tracemalloc.start()
    # What a copy of its own costs a worker (our own objects, pickled here).
    copied = pickle.loads(pickle.dumps(as_objects))  # noqa: S301
    copy = tracemalloc.get_traced_memory()[0]
    del copied
    tracemalloc.stop()

    vocabulary._built.clear()  # a worker that has just started, or found its own stale
    tracemalloc.start()
    taken = vocabulary.for_language("zh-hans")
    cost = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert taken.knows("低保") and taken.hanzi_for("dibao") == built.hanzi_for("dibao")
    assert f"{taken.path.stat().st_ino} {taken.path}" in mapped_files()
    assert cost < copy / 4, (cost, copy)
    for name in ["frequency", *vocabulary.WORD_TABLES]:
        assert dict(getattr(taken, name)) == {
            key: value if isinstance(value, int) else list(value)
            for key, value in getattr(as_objects, name).items()
        }, name


def test_another_host_writes_the_file_from_the_shared_cache(portal_pages, settings, monkeypatch):
    """The file is local to a host; the cache (Redis across hosts) holds its bytes, so a host
    that has no file, or whose folder was emptied, writes it instead of building."""
    settings.SEARCH_VOCABULARY_REFRESH = 0
    vocabulary._built.clear()
    built = vocabulary.for_language("zh-hans")
    folder = Path(settings.SEARCH_VOCABULARY_DIR)
    vocabulary._built.clear()
    for path in folder.glob("*.vocabulary"):
        path.unlink()
    settings.SEARCH_VOCABULARY_REFRESH = 30  # a stale one would be rebuilt, not built here
    monkeypatch.setattr(
        vocabulary, "build", lambda code: pytest.fail("built, although the cache held the build")
    )
    taken = vocabulary.for_language("zh-hans")
    monkeypatch.undo()
    assert taken.path == built.path and taken.path.exists()
    assert taken.corrections("公租防") == built.corrections("公租防")

    # Neither the file nor the cache: built again, not an error.
    vocabulary._built.clear()
    vocabulary._shared_cache().clear()
    for path in folder.glob("*.vocabulary"):
        path.unlink()
    settings.SEARCH_VOCABULARY_REFRESH = 0
    assert vocabulary.for_language("zh-hans").knows("低保")


def test_a_damaged_file_is_written_again_from_the_shared_cache(
    portal_pages, settings, caplog, monkeypatch
):
    settings.SEARCH_VOCABULARY_REFRESH = 0
    vocabulary._built.clear()
    path = vocabulary.for_language("zh-hans").path
    vocabulary._built.clear()
    damaged = path.with_name("damaged")
    damaged.write_bytes(path.read_bytes()[:1000])
    damaged.replace(path)  # a new file: the mapping of the old one stays whole
    monkeypatch.setattr(
        vocabulary, "build", lambda code: pytest.fail("built, although the cache held the build")
    )
    taken = vocabulary.for_language("zh-hans")
    monkeypatch.undo()
    assert "Could not read the search vocabulary file" in caplog.text
    assert taken.path == path and taken.knows("低保")  # written again from the cache


def test_old_builds_leave_the_folder_and_the_cache_but_the_previous_stays(portal_pages, settings):
    settings.SEARCH_VOCABULARY_REFRESH = 0
    vocabulary._built.clear()
    vocabulary._shared_cache().clear()
    folder = Path(settings.SEARCH_VOCABULARY_DIR)
    for path in folder.glob("*.vocabulary"):
        path.unlink()
    paths = [vocabulary.for_language("zh-hans").path]
    first = vocabulary._built["zh-hans"][2]
    for word in ["邻里互助甲", "邻里互助乙", "邻里互助丙"]:
        Synonym.objects.create(term=word, synonyms="低保", two_way=False)  # a new build each
        paths.append(vocabulary.for_language("zh-hans").path)
    assert len(set(paths)) == 4
    assert sorted(folder.glob("zh-hans-*.vocabulary")) == sorted(paths[-2:])
    cache = vocabulary._shared_cache()
    digests = [path.name.removeprefix("zh-hans-").removesuffix(".vocabulary") for path in paths]
    assert [cache.get(vocabulary._data_key("zh-hans", d)) is not None for d in digests] == [
        False,
        False,
        True,
        True,
    ]
    # A process still using the first build reads it, though its file is gone.
    assert not paths[0].exists() and first.knows("低保")


def test_a_record_of_the_objects_format_is_ignored(portal_pages, settings):
    """A cache kept across an upgrade holds the vocabulary as objects: built anew, no error."""
    settings.SEARCH_VOCABULARY_REFRESH = 30
    vocabulary._built.clear()
    vocabulary._shared_cache().set(
        f"{vocabulary.STORE_KEY}:zh-hans",
        (vocabulary.generation(), time.time(), vocabulary.Vocabulary(documents=-1)),
        None,
    )
    assert vocabulary.for_language("zh-hans").knows("低保")


def search(portal, query: str) -> None:
    url = f"{portal.url}/search/?{urllib.parse.urlencode({'q': query})}"
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
        assert response.status == 200


@pytest.mark.live
def test_gunicorn_workers_share_one_mapped_build_before_and_after_a_rebuild(live_portal):
    """From the outside: gunicorn with three workers. The master maps the build before it forks;
    after a change one process builds, and every worker then maps the same new file (one inode,
    not a copy each; none the old one): a build is in memory once per host, not once per worker."""
    portal = live_portal(workers=3, env={"SEARCH_VOCABULARY_REFRESH": "2"})
    workers = Path(f"/proc/{portal.proc.pid}/task/{portal.proc.pid}/children").read_text().split()
    assert len(workers) == 3
    master = {file for file in mapped_files(str(portal.proc.pid)) if "/zh-hans-" in file}
    assert len(master) == 1  # mapped before the fork

    def zh_files():
        return {pid: {f for f in mapped_files(pid) if "/zh-hans-" in f} for pid in workers}

    for _ in range(12):
        search(portal, "低保")
    assert all(files == master for files in zh_files().values())

    portal.shell(
        "from search.models import Synonym; "
        "Synonym.objects.create(term='邻里互助金', synonyms='低保', two_way=True)"
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        search(portal, "低保")
        files = zh_files()
        if all(len(f) == 1 and f != master for f in files.values()):
            break
        time.sleep(0.2)
    assert len({frozenset(f) for f in files.values()}) == 1, files  # one inode for all
    (shared,) = next(iter(files.values()))
    assert shared not in master and "(deleted)" not in shared, files
    inode, path = shared.split(" ", 1)
    assert Path(path).stat().st_ino == int(inode)


def test_writing_a_build_removes_only_older_builds_of_its_own_language(tmp_path):
    """zh-hans's files are not zh's older builds, though both names start with "zh-"."""
    others = [tmp_path / "zh-hans-aaa.vocabulary", tmp_path / "en-aaa.vocabulary"]
    for path in [*others, tmp_path / "zh-old.vocabulary", tmp_path / "zh-previous.vocabulary"]:
        path.write_bytes(b"x")
    vocabulary._write(
        tmp_path / "zh-new.vocabulary", b"new", keep={tmp_path / "zh-previous.vocabulary"}
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "en-aaa.vocabulary",
        "zh-hans-aaa.vocabulary",
        "zh-new.vocabulary",
        "zh-previous.vocabulary",
    ]
    # The same build written again by another process: the file already there stays (the
    # others map it), and no partial file is left behind.
    first = (tmp_path / "zh-new.vocabulary").stat().st_ino
    vocabulary._write(tmp_path / "zh-new.vocabulary", b"new", keep=set())
    assert (tmp_path / "zh-new.vocabulary").stat().st_ino == first
    assert not list(tmp_path.glob(".*"))
