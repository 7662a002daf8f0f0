"""What the dev-set sampling scripts share: the corpus read once per unique id, the labelled
ids a sample must skip, and the seeded order a sample is drawn in.

The corpus reuses 22,642 ids for two different articles (train and validation splits were
numbered separately). A label keyed by id could not say which article it is about, so every
id that occurs more than once is left out of every sample.
"""
import hashlib
import json
import lzma
import os

CORPUS = "/work/shared/corpus/vietnews.jsonl.xz"


def judge_unique(path, judge):
    """{id: judge(title, body)} for every id that occurs once in the corpus at `path`."""
    reused = object()
    seen = {}
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            aid = a["id"]
            if aid in seen:
                seen[aid] = reused
                continue
            seen[aid] = judge(a.get("title") or "", a.get("body") or "")
    return {aid: value for aid, value in seen.items() if value is not reused}


def labelled_ids(directory, names=None):
    """Ids of the `*.jsonl` label files in `directory` (only `names` when given)."""
    names = names or sorted(n for n in os.listdir(directory) if n.endswith(".jsonl"))
    ids = set()
    for name in names:
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            ids.update(json.loads(line)["id"] for line in f if line.strip())
    return ids


def order_key(seed, aid):
    """Where `aid` comes in the sample order of `seed`: independent of corpus order and of
    the sample's size (a smaller sample is a prefix of a larger one)."""
    return hashlib.sha256((seed + ":" + aid).encode("utf-8")).hexdigest()
