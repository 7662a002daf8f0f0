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
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from corpus import CORPUS, judge_unique, labelled_ids, order_key  # noqa: E402

SEED = "bantin-search-dev-2026"
FACTS = os.path.join(HERE, "..", "facts")


def main():
    args = [a for a in sys.argv[1:] if a != "--show"]
    show = "--show" in sys.argv[1:]
    n = int(args[0]) if args else 120
    path = args[1] if len(args) > 1 else CORPUS
    excluded = labelled_ids(FACTS)
    seen = judge_unique(path, lambda title, body: (title, body))
    chosen = sorted((order_key(SEED, aid), aid) for aid in seen if aid not in excluded)[:n]
    for number, (_, aid) in enumerate(chosen, 1):
        title, body = seen[aid]
        if show:
            sys.stdout.write(f"=== {number} {aid}\nTITLE: {title}\n{body[:1500]}\n\n")
        else:
            sys.stdout.write(f"{aid}\t{title}\n")


if __name__ == "__main__":
    main()
