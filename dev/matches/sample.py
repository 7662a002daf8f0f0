#!/usr/bin/env python3
"""Sample of the VietNews corpus for the match-set dev set: which bulletins hold a word.

Usage:  python3 sample.py strata [CORPUS]        writes candidates.tsv.gz (every candidate
                                                 of each word, by stratum)
        python3 sample.py contexts OUT_DIR [CORPUS]
            writes the contexts to label, one file per word, OUT_DIR/<n>.txt (corpus
            text: keep it out of the repository)
        python3 sample.py contexts-of LIST OUT_DIR [CORPUS]
            the same for the `word<TAB>id` lines of LIST: a second sample, such as the
            candidates a search does not count (`bantin eval matches --json` gives a fixed
            sample of them per word), to measure what it misses

A bulletin can hold a word only where the word's syllables stand together: in order, folded
(no diacritics, `đ` as `d`, lowercase), separated by spaces only, as bantin's analyzer joins
syllables into runs. Every article holding such an occurrence (title or body) is in the
word's candidate set, which falls into two strata, told apart by the VietNews word list
alone (no segmentation, nothing bantin computes):

- `clean`: some occurrence is crossed by no dictionary word: no word of two syllables or
  more in the word list (or the police list) overlaps it without containing it or lying
  inside it. There the syllables can only be the word (or a spelling of it).
- `ambiguous`: every occurrence is crossed by some dictionary word (`công an Ninh Bình`
  for `an ninh`, `mua bán hàng` for `mua bán`): a reader must say whether it is the word.

Labels: every ambiguous article up to AMBIGUOUS_PER_WORD and CLEAN_PER_WORD clean ones per
word, in the seeded order sha256(SEED + ":" + word + ":" + id). Ids the corpus reuses for two
articles are left out, as in the other dev sets. `bantin eval matches` weighs the labels of
each stratum, split into the candidates a search counts and those it does not, by the size of
each part (known from candidates.tsv.gz).
"""
import gzip
import json
import lzma
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from corpus import CORPUS, judge_unique, order_key  # noqa: E402

SEED = "bantin-matches-dev-2026"
WORDS_LIST = "/work/shared/corpus/vietnews-words.tsv.xz"
POLICE_LIST = os.path.join(HERE, "..", "..", "src", "text", "dictionary", "police-words.txt")
AMBIGUOUS_PER_WORD = 30
CLEAN_PER_WORD = 6

# Police-news words of two syllables or more, as a user types them.
WORDS = [
    "ma túy", "công an", "an ninh", "trật tự", "tai nạn", "giao thông", "đối tượng",
    "bắt giữ", "trộm cắp", "tài sản", "lừa đảo", "chiếm đoạt", "cướp giật", "giết người",
    "cố ý", "thương tích", "vận chuyển", "tàng trữ", "mua bán", "trái phép", "buôn lậu",
    "đánh bạc", "khởi tố", "tạm giam", "điều tra", "xử phạt", "vi phạm", "tử vong",
    "nạn nhân", "truy nã", "hỏa hoạn", "tham nhũng", "cảnh sát", "tội phạm", "hiếp dâm",
    "nồng độ cồn", "hàng giả", "Tô Lâm",
]

SYLLABLE = re.compile(r"[^\W_]+")
JOINING = re.compile(r"[ \t\u00a0]+")


def fold(text):
    decomposed = unicodedata.normalize("NFD", text.lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.replace("đ", "d")


def runs(text):
    """Runs of folded syllables separated by spaces only, each syllable with its span."""
    run = []
    last_end = None
    for m in SYLLABLE.finditer(text):
        if run and not JOINING.fullmatch(text[last_end:m.start()]):
            yield run
            run = []
        run.append((fold(m.group()), m.start(), m.end()))
        last_end = m.end()
    if run:
        yield run


def load_dictionary():
    words = set()
    with lzma.open(WORDS_LIST, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            word = line.split("\t")[0]
            syllables = tuple(fold(word).split())
            if len(syllables) >= 2:
                words.add(syllables)
    with open(POLICE_LIST, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(tuple(fold(line).split()))
    return words


def crossed(run, start, length, dictionary, longest):
    """Whether a dictionary word overlaps run[start:start+length] without containing it or
    lying inside it."""
    end = start + length
    names = [s for s, _, _ in run]
    for a in range(max(0, start - longest + 1), end):
        for b in range(a + 2, min(len(run), a + longest) + 1):
            if b <= start:
                continue
            inside = start <= a and b <= end
            contains = a <= start and end <= b
            if inside or contains:
                continue
            if tuple(names[a:b]) in dictionary:
                return True
    return False


def occurrences(text_runs, starts, word, dictionary, longest):
    """(clean, start, end) of every place the word's syllables stand together in the runs
    of a text; `starts` maps a folded syllable to its places (run, index)."""
    n = len(word)
    for r, i in starts.get(word[0], ()):
        run = text_runs[r]
        if tuple(s for s, _, _ in run[i:i + n]) == word:
            yield (not crossed(run, i, n, dictionary, longest), run[i][1], run[i + n - 1][2])


def judge_all(dictionary):
    longest = max(len(w) for w in dictionary)
    words = [tuple(fold(w).split()) for w in WORDS]

    def judge(title, body):
        # As bantin's analyzer does: decomposed tone marks would split syllables.
        text = unicodedata.normalize("NFC", title + "\n" + body)
        text_runs = list(runs(text))
        starts = {}
        for r, run in enumerate(text_runs):
            for i, (s, _, _) in enumerate(run):
                starts.setdefault(s, []).append((r, i))
        found = {}
        for label, word in zip(WORDS, words):
            places = list(occurrences(text_runs, starts, word, dictionary, longest))
            if places:
                found[label] = places
        return (text, found) if found else None

    return judge


def write_candidates(judged):
    """candidates.tsv.gz: `word<TAB>stratum<TAB>ids` a line, the ids of every candidate of
    each stratum, sorted, each written as its difference from the one before (ids are
    `vietnews/` and six digits): what `bantin eval matches` counts exactly."""
    lines = []
    for word in WORDS:
        for stratum in ("clean", "ambiguous"):
            numbers = sorted(
                int(aid.split("/")[1]) for aid, (_, f) in judged.items()
                if word in f and (any(c for c, _, _ in f[word]) == (stratum == "clean"))
            )
            deltas = [b - a for a, b in zip([0] + numbers, numbers)]
            lines.append(f"{word}\t{stratum}\t{' '.join(map(str, deltas))}\n")
    with gzip.open(os.path.join(HERE, "candidates.tsv.gz"), "wt", encoding="utf-8",
                   compresslevel=9) as out:
        out.write("# word<TAB>stratum<TAB>ids of vietnews/NNNNNN as differences from the previous\n")
        out.writelines(lines)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "strata"
    rest = sys.argv[2:]
    wanted = None
    if mode == "contexts-of":
        with open(rest.pop(0), encoding="utf-8") as f:
            wanted = [tuple(line.rstrip("\n").split("\t")) for line in f if line.strip()]
    out_dir = rest.pop(0) if mode in ("contexts", "contexts-of") else None
    path = rest[0] if rest else CORPUS
    dictionary = load_dictionary()
    judged = judge_unique(path, judge_all(dictionary))
    judged = {aid: v for aid, v in judged.items() if v is not None}
    if mode == "strata":
        write_candidates(judged)
        return
    os.makedirs(out_dir, exist_ok=True)
    for number, word in enumerate(WORDS, 1):
        if wanted is not None:
            chosen = []
            for w, aid in wanted:
                if w == word and aid in judged and word in judged[aid][1]:
                    found = judged[aid][1][word]
                    chosen.append(("clean" if any(c for c, _, _ in found) else "ambiguous", aid))
            if chosen:
                write_contexts(os.path.join(out_dir, f"{number:02}.txt"), word, chosen, judged)
            continue
        strata = {"clean": [], "ambiguous": []}
        for aid, (_, found) in judged.items():
            if word in found:
                stratum = "clean" if any(c for c, _, _ in found[word]) else "ambiguous"
                strata[stratum].append(aid)
        chosen = []
        for stratum, limit in (("ambiguous", AMBIGUOUS_PER_WORD), ("clean", CLEAN_PER_WORD)):
            ordered = sorted(strata[stratum], key=lambda a: order_key(SEED + ":" + word, a))
            chosen.extend((stratum, aid) for aid in ordered[:limit])
        write_contexts(os.path.join(out_dir, f"{number:02}.txt"), word, chosen, judged)


def write_contexts(path, word, chosen, judged):
    """The places of `word` in each chosen (stratum, id), to label."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(f"WORD: {word}\n\n")
        for stratum, aid in chosen:
            text, found = judged[aid]
            out.write(f"=== {aid} {stratum}\n")
            for _, start, end in found[word][:4]:
                before = text[max(0, start - 90):start].replace("\n", " / ")
                after = text[end:end + 90].replace("\n", " / ")
                out.write(f"  …{before}⟦{text[start:end]}⟧{after}…\n")
            out.write("\n")


if __name__ == "__main__":
    main()
