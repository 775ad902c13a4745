"""Read-only tables of words in a file that every process of a host maps into its memory.

A vocabulary's lookups (word -> count, key -> words) at 10,000 items are some 20 MB of Python
objects, and held as objects every worker process has its own copy of them. Written once to a
file in this format and mapped (``mmap``) by each process, they are pages of the operating
system's file cache, shared by every process that maps them: a worker's proportional share
(PSS) is its part of them, and only the pages a search touches are read at all.

Layout (little-endian): ``MAGIC``; a u32 length and a JSON header (``tables``: name -> [kind,
offset of its slots, slot count, entry count]; ``extra``: offset and length of bytes kept
for the caller); then the body. Each table is an open-addressing hash table: slot count (a
power of two, at most two thirds full) u32 offsets of records in the body, 0 for an empty
slot, placed by the CRC-32 of the key's UTF-8 with linear probing. A record is a u32 key
length, the key, then a u32 count (kind ``count``) or a u32 length and the words joined by
NUL (kind ``words``). Offsets are from the start of the body, whose first four bytes are
zero, so no record is at 0.
"""

from __future__ import annotations

import json
import mmap
import struct
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

MAGIC = b"PORTALVOCAB\x01"
COUNT = "count"
WORDS = "words"
_U32 = struct.Struct("<I")
_unpack = _U32.unpack_from
_SEPARATOR = "\0"
# Text from a bad import may hold a lone surrogate: kept as it is, never a failed build.
_ENCODING, _ERRORS = "utf-8", "surrogatepass"


class FormatError(ValueError):
    """The file is not a table file of this format (or of another version of it)."""


def dump(tables: Mapping[str, tuple[str, Mapping]], extra: bytes = b"") -> bytes:
    """The file's bytes for ``{name: (kind, mapping)}``: counts (int >= 0) or sequences of words."""
    body = bytearray(4)
    header: dict = {"tables": {}}
    for name, (kind, mapping) in tables.items():
        if kind not in (COUNT, WORDS):
            raise ValueError(f"unknown kind of table: {kind}")
        size = 8
        while size * 2 < len(mapping) * 3:
            size *= 2
        mask = size - 1
        slots = [0] * size
        for key, value in mapping.items():
            raw = key.encode(_ENCODING, _ERRORS)
            place = zlib.crc32(raw) & mask
            while slots[place]:
                place = (place + 1) & mask
            slots[place] = len(body)
            body += _U32.pack(len(raw))
            body += raw
            if kind == COUNT:
                body += _U32.pack(value)
            else:
                words = _SEPARATOR.join(value).encode(_ENCODING, _ERRORS)
                body += _U32.pack(len(words))
                body += words
        while len(body) % 4:
            body.append(0)
        header["tables"][name] = [kind, len(body), size, len(mapping)]
        body += struct.pack(f"<{size}I", *slots)
    header["extra"] = [len(body), len(extra)]
    body += extra
    encoded = json.dumps(header).encode()
    return MAGIC + _U32.pack(len(encoded)) + encoded + bytes(body)


class Tables:
    """The tables of one file, mapped read-only; ``tables[name]`` is a ``Table``."""

    def __init__(self, path: Path):
        with open(path, "rb") as file:
            try:
                self._map = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:  # an empty file
                raise FormatError(f"{path} is empty") from None
        try:
            if self._map[: len(MAGIC)] != MAGIC:
                raise FormatError(f"{path} is not a vocabulary file of this version")
            length = _unpack(self._map, len(MAGIC))[0]
            start = len(MAGIC) + 4
            header = json.loads(self._map[start : start + length])
            body = start + length
            self.tables = {
                name: Table(self._map, body, kind, slots, size, count)
                for name, (kind, slots, size, count) in header["tables"].items()
            }
            offset, length = header["extra"]
            if body + offset + length > len(self._map):
                raise FormatError(f"{path} is cut short")
            self.extra = self._map[body + offset : body + offset + length]
        except (ValueError, KeyError, TypeError, struct.error) as exc:
            self._map.close()
            if isinstance(exc, FormatError):
                raise
            raise FormatError(f"{path} is not a whole vocabulary file: {exc}") from exc
        self.path = path

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]


class Table(Mapping):
    """One table: ``get``, ``in`` and ``[]`` read a record or two of the mapped file."""

    __slots__ = ("_map", "_body", "_kind", "_slots", "_mask", "_count")

    def __init__(self, mapped: mmap.mmap, body: int, kind: str, slots: int, size: int, count: int):
        self._map = mapped
        self._body = body
        self._kind = kind
        self._slots = body + slots
        self._mask = size - 1
        self._count = count

    def _find(self, raw: bytes) -> int:
        """Where the value of the key ``raw`` starts in the map, or -1."""
        mapped, body, mask = self._map, self._body, self._mask
        place = zlib.crc32(raw) & mask
        while True:
            record = _unpack(mapped, self._slots + 4 * place)[0]
            if not record:
                return -1
            at = body + record
            length = _unpack(mapped, at)[0]
            if length == len(raw) and mapped[at + 4 : at + 4 + length] == raw:
                return at + 4 + length
            place = (place + 1) & mask

    def _value(self, at: int):
        if self._kind == COUNT:
            return _unpack(self._map, at)[0]
        length = _unpack(self._map, at)[0]
        if not length:
            return []
        return self._map[at + 4 : at + 4 + length].decode(_ENCODING, _ERRORS).split(_SEPARATOR)

    def get(self, key: str, default=None):
        at = self._find(key.encode(_ENCODING, _ERRORS))
        return default if at < 0 else self._value(at)

    def __getitem__(self, key: str):
        at = self._find(key.encode(_ENCODING, _ERRORS))
        if at < 0:
            raise KeyError(key)
        return self._value(at)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key.encode(_ENCODING, _ERRORS)) >= 0

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        for place in range(self._mask + 1):
            record = _unpack(self._map, self._slots + 4 * place)[0]
            if record:
                at = self._body + record
                length = _unpack(self._map, at)[0]
                yield self._map[at + 4 : at + 4 + length].decode(_ENCODING, _ERRORS)
