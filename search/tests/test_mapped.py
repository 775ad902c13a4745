"""The file format the search vocabularies are shared in (search/mapped.py)."""

import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import mapped

# Keys as the vocabulary has them: Chinese words, Latin words, pinyin, one-character keys,
# and anything else text may hold (a lone surrogate too) except the separator of a record's
# words.
text = st.text(st.characters(exclude_characters="\0"), max_size=12)
counts = st.dictionaries(text, st.integers(0, 2**32 - 1), max_size=300)
words = st.dictionaries(text, st.lists(text.filter(bool), max_size=5), max_size=300)


def written(tmp_path, tables, extra=b""):
    path = tmp_path / f"{uuid.uuid4().hex}.vocabulary"  # never rewritten while mapped
    path.write_bytes(mapped.dump(tables, extra))
    return mapped.Tables(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(counted=counts, listed=words, absent=st.lists(text, max_size=20), extra=st.binary())
def test_every_key_reads_back_its_value_and_no_other_key_is_found(
    tmp_path, counted, listed, absent, extra
):
    tables = written(
        tmp_path, {"counts": (mapped.COUNT, counted), "words": (mapped.WORDS, listed)}, extra
    )
    counts_read, words_read = tables["counts"], tables["words"]
    assert len(counts_read) == len(counted) and len(words_read) == len(listed)
    for key, value in counted.items():
        assert key in counts_read and counts_read[key] == value and counts_read.get(key) == value
    for key, value in listed.items():
        assert words_read.get(key) == value
    for key in absent:
        if key not in counted:
            assert key not in counts_read and counts_read.get(key, "none") == "none"
            with pytest.raises(KeyError):
                counts_read[key]
        if key not in listed:
            assert words_read.get(key) is None
    assert dict(counts_read) == counted and sorted(words_read) == sorted(listed)
    assert tables.extra == extra


def test_a_full_table_still_finds_a_key_after_a_run_of_collisions(tmp_path):
    """Two thirds full at most, so every probe ends at an empty slot, however keys collide."""
    keys = {f"词{i}": i for i in range(5_000)}
    table = written(tmp_path, {"t": (mapped.COUNT, keys)})["t"]
    assert all(table[key] == value for key, value in keys.items())
    assert "词5000" not in table and 1 not in table


def test_a_file_of_another_format_is_refused(tmp_path):
    path = tmp_path / "other.vocabulary"
    path.write_bytes(b"\x80\x05pickled objects of an older version")
    with pytest.raises(mapped.FormatError):
        mapped.Tables(path)


def test_an_empty_or_cut_short_file_is_refused(tmp_path):
    whole = mapped.dump({"t": (mapped.WORDS, {"低保": ["最低生活保障"]})}, b"extra")
    for name, data in [("empty", b""), ("header", whole[:20]), ("body", whole[:-3])]:
        path = tmp_path / f"{name}.vocabulary"
        path.write_bytes(data)
        with pytest.raises(mapped.FormatError):
            mapped.Tables(path)
