"""The read stage streams: a JSON Lines file is read a line at a time, and
``count_inputs`` counts articles without parsing them."""

from __future__ import annotations

import json
from pathlib import Path

from diplokg.read import ReadError, count_inputs, read_inputs
from diplokg.read.jsonl import read_jsonl


def _line(n: int) -> bytes:
    text = f"El canciller de Chile viajó a Lima el martes número {n}."
    return (json.dumps({"id": f"a{n}", "text": text}) + "\n").encode()


def test_jsonl_lines_are_consumed_one_document_at_a_time():
    consumed: list[int] = []

    def lines():
        for n in range(3):
            consumed.append(n)
            yield _line(n)

    docs = read_jsonl(lines(), source="f.jsonl", stem="f")
    assert next(docs).id == "a0"
    assert consumed == [0]
    assert [d.id for d in docs] == ["a1", "a2"]


def test_jsonl_from_lines_reports_the_same_offsets_as_from_bytes():
    data = _line(0) + b"\n" + b'{"text": "\xff"}\n' + _line(3)
    from_bytes = [str(x) for x in read_jsonl(data, source="f", stem="f")]
    from_lines = [str(x) for x in read_jsonl(iter(data.splitlines(True)), source="f", stem="f")]
    assert from_bytes == from_lines
    assert "byte offset" in from_bytes[1]


def test_binary_and_empty_jsonl_files_are_still_one_error(tmp_path: Path):
    (tmp_path / "bin.jsonl").write_bytes(_line(0) + b"\x00\x01" + _line(1))
    (tmp_path / "empty.jsonl").write_bytes(b"\xef\xbb\xbf \n\n")
    items = list(read_inputs([tmp_path / "bin.jsonl", tmp_path / "empty.jsonl"]))
    assert all(isinstance(i, ReadError) for i in items) and len(items) == 2
    assert "NUL byte at byte offset" in items[0].message
    assert items[1].message == "empty file"


def test_count_inputs(tmp_path: Path):
    (tmp_path / "a.jsonl").write_bytes(_line(0) + b"\n  \n" + _line(1))
    (tmp_path / "b.txt").write_text("Un texto.")
    (tmp_path / "c.png").write_bytes(b"x")
    assert count_inputs([tmp_path]) == 3
    assert count_inputs([tmp_path / "b.txt", tmp_path / "missing"]) == 1
