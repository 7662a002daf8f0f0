#!/usr/bin/env python3
"""Deterministic sample of year-bearing VietNews articles for the dated dev set.

Usage:  python3 sample_dated.py [N] [CORPUS]
Prints article ids, one a line, in sample order (first N, default all).

Rule (stated, applied to NFC text):
  An article is YEAR-BEARING if its title or the first 1,500 characters of its
  body contain a standalone 4-digit number between 1945 and 2030 (as in
  "năm 2018", "28/9/2018", "28-9-2018", "tháng 3/2018", "2018"). Standalone:
  no digit directly before or after, and not part of a grouped number
  ("1.950", "2.015.000", "2018,5"), i.e. no "." or "," joined to a digit on
  either side. Police and general articles alike (no kind split).
Exclusions:
  - Duplicate ids, as in sample.py: the corpus reuses 22,642 ids for two
    different articles; every id that occurs more than once is excluded.
  - Ids already labelled in police.jsonl and general.jsonl (next to this file).
Sample order: sha256(SEED + ":" + id), SEED below (own seed, distinct from
  sample.py's); the first N of that order are the sample, independent of
  corpus order and of N (a smaller sample is a prefix of a larger one).
"""
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from corpus import CORPUS, judge_unique, labelled_ids, order_key  # noqa: E402

SEED = "bantin-facts-dated-2026"
LABELLED = ("police.jsonl", "general.jsonl")

YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(19[4-9]\d|20[0-2]\d|2030)(?!\d)(?![.,]\d)")


def has_year(title, body):
    text = unicodedata.normalize("NFC", title) + "\n" + unicodedata.normalize("NFC", body[:1500])
    return any(1945 <= int(m.group(1)) <= 2030 for m in YEAR.finditer(text))


def main():
    args = sys.argv[1:]
    if args and args[0] in ("-h", "--help"):
        sys.exit(__doc__)
    n = int(args[0]) if args else None
    path = args[1] if len(args) > 1 else CORPUS
    skip = labelled_ids(HERE, LABELLED)
    seen = judge_unique(path, has_year)
    chosen = sorted(
        order_key(SEED, aid) + " " + aid for aid, y in seen.items() if y and aid not in skip
    )
    out = chosen if n is None else chosen[:n]
    sys.stdout.write("".join(k.split(" ", 1)[1] + "\n" for k in out))


if __name__ == "__main__":
    main()
