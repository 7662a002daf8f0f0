#!/usr/bin/env python3
"""Deterministic sample of the VietNews corpus for the known-item search dev set.

Usage:  python3 sample.py [N] [CORPUS]
Prints `id<TAB>title` one a line, in sample order (first N, default 120).
With --show, prints each sampled article (title and the first 1,500 body characters)
for labelling instead.

Rule: every article whose id occurs once in the corpus (the corpus reuses 22,642 ids for
two different articles; a label keyed by id could not say which) and is not labelled in
dev/facts (those articles were read for another purpose and would be remembered), ordered
by sha256(SEED + ":" + id). The first N of that order are the sample; the sample for
N=120 is a prefix of the sample for N=200. Police and general news are not separated:
the sample is the corpus as it comes (about one article in nine is crime news).
"""
import hashlib
import json
import lzma
import os
import sys

SEED = "bantin-search-dev-2026"
CORPUS = "/work/shared/corpus/vietnews.jsonl.xz"
HERE = os.path.dirname(os.path.abspath(__file__))
FACTS = os.path.join(HERE, "..", "facts")


def key(aid):
    return hashlib.sha256((SEED + ":" + aid).encode("utf-8")).hexdigest()


def facts_ids():
    ids = set()
    for name in sorted(os.listdir(FACTS)):
        if name.endswith(".jsonl"):
            with open(os.path.join(FACTS, name), encoding="utf-8") as f:
                ids.update(json.loads(line)["id"] for line in f if line.strip())
    return ids


def main():
    args = [a for a in sys.argv[1:] if a != "--show"]
    show = "--show" in sys.argv[1:]
    n = int(args[0]) if args else 120
    path = args[1] if len(args) > 1 else CORPUS
    excluded = facts_ids()
    seen = {}
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            aid = a["id"]
            seen[aid] = None if aid in seen else (a.get("title") or "", a.get("body") or "")
    chosen = sorted(
        (key(aid), aid) for aid, text in seen.items() if text is not None and aid not in excluded
    )[:n]
    for number, (_, aid) in enumerate(chosen, 1):
        title, body = seen[aid]
        if show:
            sys.stdout.write(f"=== {number} {aid}\nTITLE: {title}\n{body[:1500]}\n\n")
        else:
            sys.stdout.write(f"{aid}\t{title}\n")


if __name__ == "__main__":
    main()
