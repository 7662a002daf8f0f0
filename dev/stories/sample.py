#!/usr/bin/env python3
"""Candidate pairs of the VietNews corpus for the stories dev set.

Usage:  python3 sample.py [PER_BIN] [CORPUS] > candidates.txt
        python3 sample.py --more [CORPUS] > candidates.txt
        python3 sample.py --third [CORPUS] > candidates.txt
Prints pairs to label, bin by bin: the Jaccard similarity of their shingles, both ids,
both titles and the first 400 characters of both bodies.

The first sample is `pairs.jsonl`. `--more` draws the second (`more.jsonl`, and the held-out
`heldout/pairs.jsonl`, labelled before any tuning on the first two) by the rule below, with
these changes: seed MORE_SEED; pairs already in a label file skipped; bins by the Jaccard
similarity of what a signature reads (the title and the first 1,500 bytes of the body),
where copies and other developments of one case differ most; taken per bin as MORE_TAKE
says; printed blind (no similarity, bins mixed in seed order; texts that are the same
bytes said so), each with the file it goes to: held-out when sha256(MORE_SEED + "-heldout:"
+ id_a + "|" + id_b) starts with a hex digit below 8.

`--third` draws a third sample, all of it held out (`heldout2/pairs.jsonl`), aimed where
copies and other developments of one case meet, as `--more` did with these changes: seed
THIRD_SEED; pairs already in any label file skipped (`heldout2` too); candidates found by
the shingles whose crc32 is a multiple of 8, not 32, so that more pairs are found than
`--more` saw (the other candidate rules are the same); bins by the same similarity as
`--more` (title and the first 1,500 bytes of the body), taken as THIRD_TAKE says: 30 pairs
from 0.2 to 0.3, every pair from 0.3 to 0.6 up to 40 per bin, 10 from 0.6 to 0.9 (one
range, in seed order); printed blind like `--more`. Fewer pairs than that exist: the
third sample is every unlabelled pair from 0.3 to 0.9 the rule finds (9 from 0.3 to 0.4,
4 from 0.4 to 0.5, none from 0.5 up) and 30 from 0.2 to 0.3, 43 pairs. Once `heldout2` is written, `--third` skips its own
pairs too (as `--more` skips `more.jsonl` and `heldout`): the label file is the record.

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
MORE_SEED = "bantin-stories-more-2026"
# Bin (tenths of similarity) -> pairs taken; None: all of them.
MORE_TAKE = {2: 40, 3: None, 4: None, 5: None, 6: None, 7: None, 8: None, 9: 50}
THIRD_SEED = "bantin-stories-third-2026"
# (first bin, last bin + 1, pairs taken from those bins together, in seed order).
THIRD_TAKE = [(2, 3, 30), (3, 4, 40), (4, 5, 40), (5, 6, 40), (6, 9, 10)]
HERE = os.path.dirname(os.path.abspath(__file__))


def syllables(text):
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", text)


LABEL_FILES = ("pairs.jsonl", "more.jsonl", os.path.join("heldout", "pairs.jsonl"),
               os.path.join("heldout2", "pairs.jsonl"))


def labelled_pairs(names=LABEL_FILES):
    """Pairs of the label files here (every one unless `names` is given), both ways round."""
    pairs = set()
    for name in names:
        path = os.path.join(HERE, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        p = json.loads(line)
                        pairs.update({(p["a"], p["b"]), (p["b"], p["a"])})
    return pairs


def head(body, size=1500):
    return body.encode("utf-8")[:size].decode("utf-8", "ignore")


def main():
    more = "--more" in sys.argv
    third = "--third" in sys.argv
    args = [a for a in sys.argv[1:] if a not in ("--more", "--third")]
    if more or third:
        args.insert(0, "0")
    every = 8 if third else 32
    per_bin = int(args[0]) if args else 14
    path = args[1] if len(args) > 1 else CORPUS
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
            if h % every == 0:
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
    if more:
        print_more(rows, bins)
        return
    if third:
        print_third(rows, bins)
        return
    for k in sorted(bins):
        for _, j, x, y in sorted(bins[k])[:per_bin]:
            print(f"=== {j:.3f} {rows[x][0]} {rows[y][0]}")
            for i in (x, y):
                print("  T:", rows[i][1])
                print("  B:", rows[i][2][:400].replace("\n", " "))


def lead_bins(rows, bins, done, seed):
    """Pairs not in `done`, binned by the Jaccard similarity of what a signature reads, each
    bin in the order of sha256(seed + ":" + id_a + "|" + id_b)."""
    binned = collections.defaultdict(list)
    for pairs in bins.values():
        for _, _, x, y in pairs:
            if (rows[x][0], rows[y][0]) in done:
                continue
            a, b = (set(shingle_hashes(rows[i][1] + " " + head(rows[i][2]))) for i in (x, y))
            j = len(a & b) / len(a | b)
            key = order_key(seed, rows[x][0] + "|" + rows[y][0])
            binned[min(int(j * 10), 9)].append((key, x, y))
    return binned


def print_blind(rows, x, y, to):
    """One pair to label, without its similarity, and the file its label goes to."""
    print(f"=== {rows[x][0]} {rows[y][0]} -> {to}")
    if rows[x][1:] == rows[y][1:]:
        print("  (title and body the same bytes)  T:", rows[x][1])
        return
    for i in (x, y):
        print("  T:", rows[i][1])
        print("  B:", rows[i][2][:600].replace("\n", " "))


def print_more(rows, bins):
    """The second sample, blind: see the docstring."""
    binned = lead_bins(rows, bins, labelled_pairs(LABEL_FILES[:3]), MORE_SEED)
    drawn = []
    for k, take in sorted(MORE_TAKE.items()):
        drawn += sorted(binned[k])[:take]
    for key, x, y in sorted(drawn):
        pair = rows[x][0] + "|" + rows[y][0]
        held = order_key(MORE_SEED + "-heldout", pair)[0] < "8"
        print_blind(rows, x, y, "heldout/pairs.jsonl" if held else "more.jsonl")


def print_third(rows, bins):
    """The third sample, blind: see the docstring."""
    binned = lead_bins(rows, bins, labelled_pairs(), THIRD_SEED)
    drawn = []
    for first, end, take in THIRD_TAKE:
        drawn += sorted(p for k in range(first, end) for p in binned[k])[:take]
    for key, x, y in sorted(drawn):
        print_blind(rows, x, y, "heldout2/pairs.jsonl")


def shingle_hashes(text):
    words = syllables(text)
    return (zlib.crc32(" ".join(words[j:j + 3]).encode()) for j in range(max(1, len(words) - 2)))


if __name__ == "__main__":
    main()
