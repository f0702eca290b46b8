"""Print, as JSON Lines, the saved texts of one part of the real development set.

    python eval/real/texts_for.py PART > part.jsonl

PART is one of tune, test, fresh, blind, held, held2 … held10.

The texts are third-party pages kept in eval/real/texts/ (gitignored, never
committed); eval/real/README.md says how to get them. The part of each article is
in eval/real/articles.tsv. Exits 2, saying how to get them, when none is present.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(split: str) -> int:
    with (HERE / "articles.tsv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["split"] == split]
    if not rows:
        parts = (
            "tune, test, fresh, blind, held, held2, held3, held4, held5, held6, held7, "
            "held8, held9 or held10"
        )
        print(f"no articles in part {split!r} ({parts})", file=sys.stderr)
        return 2
    wanted = [r for r in rows if r["text"] == "found"]
    missing = [r["id"] for r in wanted if not (HERE / "texts" / f"{r['id']}.jsonl").is_file()]
    if len(missing) == len(wanted):
        print(
            f"none of the {len(wanted)} texts of part {split!r} is in {HERE / 'texts'}: "
            "see eval/real/README.md for how to get them",
            file=sys.stderr,
        )
        return 2
    if missing:
        print(f"texts missing (not scored): {', '.join(missing)}", file=sys.stderr)
    for r in wanted:
        path = HERE / "texts" / f"{r['id']}.jsonl"
        if path.is_file():
            record = json.loads(path.read_text(encoding="utf-8"))
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "tune"))
