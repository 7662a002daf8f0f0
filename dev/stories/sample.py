#!/usr/bin/env python3
"""Candidate pairs of the VietNews corpus for the stories dev set.

Usage:  python3 sample.py [PER_BIN] [CORPUS] > candidates.txt
Prints pairs to label, bin by bin: the Jaccard similarity of their shingles, both ids,
both titles and the first 400 characters of both bodies.

Rule (stated):
  Articles: ids that occur once in the corpus (see ../corpus.py), police or crime news by
  the keyword rule of ../facts/sample.py.
  Shingles: 3 consecutive syllables, lowercase, NFD marks removed, đ -> d; title and body
  as one text.
  Candidates: pairs sharing at least 2 shingles among those whose crc32 is a multiple of 32
  (a shingle shared by more than 50 articles is boilerplate and does not count), with a
  Jaccard similarity of at least 0.1. Pairs below 0.1 share no more than a few phrases:
  the grouping never joins them, and two stories on one topic are still found in the low
  bins (two drug arrests in one province share the police's set phrases).
  Bins: [0.1, 0.2), [0.2, 0.3) ... [0.9, 1.0]; in each, pairs in the order of
  sha256(SEED + ":" + id_a + "|" + id_b); the first PER_BIN (default 14) of each bin.
"""
import collections
import json
import lzma
import os
import re
import sys
import unicodedata
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from corpus import CORPUS, order_key  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "facts"))
from sample import is_police  # noqa: E402

SEED = "bantin-stories-dev-2026"


def syllables(text):
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", text)


def main():
    per_bin = int(sys.argv[1]) if len(sys.argv) > 1 else 14
    path = sys.argv[2] if len(sys.argv) > 2 else CORPUS
    rows, count = [], collections.Counter()
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            count[a["id"]] += 1
            rows.append((a["id"], a.get("title") or "", a.get("body") or ""))
    shingles, sampled = {}, collections.defaultdict(list)
    for i, (aid, title, body) in enumerate(rows):
        if count[aid] != 1 or not is_police(title, body):
            continue
        words = syllables(title + " " + body)
        s = {zlib.crc32(" ".join(words[j:j + 3]).encode()) for j in range(max(1, len(words) - 2))}
        shingles[i] = s
        for h in s:
            if h % 32 == 0:
                sampled[h].append(i)
    shared = collections.Counter()
    for holders in sampled.values():
        if len(holders) > 50:
            continue
        for x in range(len(holders)):
            for y in range(x + 1, len(holders)):
                shared[(holders[x], holders[y])] += 1
    bins = collections.defaultdict(list)
    for (x, y), n in shared.items():
        if n < 2:
            continue
        a, b = shingles[x], shingles[y]
        j = len(a & b) / len(a | b)
        if j >= 0.1:
            bins[min(int(j * 10), 9)].append((order_key(SEED, rows[x][0] + "|" + rows[y][0]), j, x, y))
    for k in sorted(bins):
        for _, j, x, y in sorted(bins[k])[:per_bin]:
            print(f"=== {j:.3f} {rows[x][0]} {rows[y][0]}")
            for i in (x, y):
                print("  T:", rows[i][1])
                print("  B:", rows[i][2][:400].replace("\n", " "))


if __name__ == "__main__":
    main()
