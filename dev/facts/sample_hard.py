#!/usr/bin/env python3
"""Deterministic sample of police/crime articles that are HARD for main-province extraction,
for the hard facts dev set (hard.jsonl).

Usage:  python3 sample_hard.py [N] [--stratum S] [--ids] [--corpus PATH]
Prints the first N candidates of each stratum (default all), strata interleaved
(one of each stratum in turn, in the order of STRATA), each as a block:
    ===== <id>  <stratum>  [<what matched: trap kind and text, or unit>]
    <title>
    <body>
With --ids, prints "<id>\t<stratum>" only. With --stratum, only that stratum.

Population: the POLICE/CRIME articles of sample.py (same keyword rule, same
  exclusion of the 22,642 ids that occur twice in the corpus), minus every id
  already labelled in the other label files next to this one (all *.jsonl here
  except hard.jsonl itself, so that appending labels does not shift the order).
Province names (for the rules below): the 63 provinces before the July 2025
  merger and their spelling variants (TP.HCM, Sài Gòn, Huế, Vũng Tàu, Đắc Lắc...),
  matched case-sensitively on NFC text with both tone-mark placements, between word
  boundaries; `Thái Bình` directly followed by `Dương` is not counted.
Strata (rules applied to NFC text; "head" = title + first 1,500 body characters):
  vessel_brand   the text names a province inside the name of a ship, aircraft,
                 company, bank, football club or team, product or brand, street,
                 or a person (surname or title + ... + province), or says
                 `Thái Bình Dương` (Pacific). The first trap found (TRAPS order) is
                 printed in the header (a reading aid only, never a label); within
                 the stratum the trap kinds take turns (each kind in sha256 order). The article may or may not have a real province.
  international  head names a foreign country / international body (UNODC, Interpol,
                 Mỹ, Trung Quốc, Campuchia, Lào, quốc tế, xuyên quốc gia ...): in the
                 title, or at least 3 cue occurrences in head; and the text names at
                 least one province.
  national       head has a nationwide cue (cả nước, toàn quốc, Bộ Công an, Cục CSGT,
                 dịp Tết, các tỉnh ...) and the text names at least 2 distinct provinces.
  many_provinces the text names at least 3 distinct provinces.
  units          head names a police unit (`Công an huyện X`, `CA TP X`, `Công an tỉnh X`
                 ...) whose place X has an apostrophe or hyphen or is a multi-part
                 highland / composite name (Đắk R'Lấp, Ea H'Leo, Krông Búk, Cư M'gar,
                 Bà Rịa - Vũng Tàu, Phan Rang - Tháp Chàm ...).
  An article that qualifies for several strata goes to the first of them in the
  order ASSIGN (rarest first), so the strata are disjoint.
Sample order: within each stratum (vessel_brand: per trap kind, kinds in turn), sha256(SEED + ":" + id) as in sample.py, with
  its own SEED; strata interleaved so any prefix is in roughly equal shares.
"""
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, ".."))
from corpus import CORPUS, judge_unique, labelled_ids, order_key  # noqa: E402
from sample import is_police  # noqa: E402

SEED = "bantin-facts-hard-2026"
OWN = "hard.jsonl"
STRATA = ["vessel_brand", "international", "national", "many_provinces", "units"]
ASSIGN = ["units", "vessel_brand", "international", "national", "many_provinces"]

PROVINCES = [
    "Hà Nội", "Thừa Thiên Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Hà Giang", "Lào Cai",
    "Yên Bái", "Thái Nguyên", "Bắc Kạn", "Phú Thọ", "Vĩnh Phúc", "Hòa Bình", "Bắc Ninh",
    "Bắc Giang", "Hưng Yên", "Thái Bình", "Hải Phòng", "Hải Dương", "Ninh Bình", "Hà Nam",
    "Nam Định", "Quảng Trị", "Quảng Bình", "Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Kon Tum",
    "Gia Lai", "Bình Định", "Khánh Hòa", "Ninh Thuận", "Lâm Đồng", "Đắk Nông", "Bình Thuận",
    "Đắk Lắk", "Phú Yên", "TP Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu", "Đồng Nai",
    "Bình Phước", "Tây Ninh", "Long An", "Cần Thơ", "Sóc Trăng", "Hậu Giang", "Vĩnh Long",
    "Bến Tre", "Trà Vinh", "Đồng Tháp", "Tiền Giang", "Cà Mau", "Bạc Liêu", "An Giang",
    "Kiên Giang",
]
VARIANTS = {
    "TP Hồ Chí Minh": ["Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "TP.Hồ Chí Minh", "TP.HCM",
                       "TP HCM", "TPHCM", "TP. HCM", "Tp.HCM", "Tp Hồ Chí Minh",
                       "Tp. Hồ Chí Minh", "Sài Gòn"],
    "Thừa Thiên Huế": ["Thừa Thiên - Huế", "Thừa Thiên – Huế", "Thừa Thiên-Huế", "Huế"],
    "Bà Rịa - Vũng Tàu": ["Bà Rịa – Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bà Rịa Vũng Tàu", "BR-VT",
                          "Vũng Tàu"],
    "Đắk Lắk": ["Đắc Lắc", "Đăk Lăk", "Đắk Lăk", "Daklak", "Đắklắk"],
    "Đắk Nông": ["Đắc Nông", "Đăk Nông", "Daknong"],
    "Bắc Kạn": ["Bắc Cạn"],
    "Kon Tum": ["Kontum"],
}

# Tone placement: the text is folded to the placement the canonical names use (Hòa, Thủy).
_TONES = {"á": "ó", "à": "ò", "ả": "ỏ", "ã": "õ", "ạ": "ọ"}
_FOLD = [("o" + k, v + "a") for k, v in _TONES.items()]
_FOLD += [("O" + k, v.upper() + "a") for k, v in _TONES.items()]
_FOLD += [("u" + a, b + "y") for a, b in zip("ýỳỷỹỵ", "úùủũụ")]


def fold(text):
    text = unicodedata.normalize("NFC", text)
    for a, b in _FOLD:
        text = text.replace(a, b)
    return text


_NAME_TO_PROV = {}
for _p in PROVINCES:
    _NAME_TO_PROV[fold(_p)] = _p
    for _v in VARIANTS.get(_p, []):
        _NAME_TO_PROV[fold(_v)] = _p
_NAMES = sorted(_NAME_TO_PROV, key=len, reverse=True)
PROV_ALT = "|".join(re.escape(n) for n in _NAMES)
PROV_RE = re.compile(r"(?<!\w)(?<!Thái )(" + PROV_ALT + r")(?!\w)(?! Dương)")


def provinces_in(text):
    """Distinct provinces named in (folded) text, in order of first mention."""
    out = []
    for m in PROV_RE.finditer(text):
        p = _NAME_TO_PROV[m.group(1)]
        if p not in out:
            out.append(p)
    return out


P = r"(?:" + PROV_ALT + r")(?!\w)"
UP = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ]"
SURNAMES = ("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Trương|"
            "Đinh|Lương|Mai|Tô|Đoàn|Tạ|Triệu|Kiều|Quách|Thái|Châu|Lưu|Vương|Trịnh|Đàm|Phùng")
TRAPS = [
    ("pacific", re.compile(r"Thái Bình Dương")),
    ("person", re.compile(r"(?<!\w)(?:" + SURNAMES + r")(?: " + UP + r"\w*){0,2} " + P
                          + r"(?! - )")),
    ("club", re.compile(r"(?:\b(?:CLB|[Cc]âu lạc bộ|đội bóng|đội tuyển|[Đđ]ội)"
                        r"(?: bóng đá| bóng chuyền| [A-Z&.]+)? " + P + r")|(?:" + P
                        + r" FC\b)|(?:\b(?:Than|Becamex|Hoàng Anh|SHB|FLC|Sanna|Sông Lam|"
                        r"Đồng Tâm|XSKT|XM|Xi măng|QNK|Navibank|T&T|Hùng Vương) " + P + r")")),
    ("ship_aircraft", re.compile(r"\b(?:[Tt]àu|[Pp]hà|[Ss]à lan|[Xx]à lan|[Mm]áy bay|"
                                 r"[Cc]hiếc|[Tt]àu (?:cá|hàng|biển|dầu|kéo|khách|hải giám|"
                                 r"tuần tra|ngầm|hỏa|thăm dò))(?: mang tên| số hiệu)? "
                                 r"(?:\"|“)?" + P)),
    ("product", re.compile(r"\b(?:[Bb]ia|[Rr]ượu|[Nn]ước mắm|[Cc]hè|[Cc]à phê|[Kk]ẹo|"
                           r"[Tt]huốc lá|[Ss]ữa|[Gg]ạo|[Nn]hãn hiệu|[Tt]hương hiệu) " + P)),
    ("company", re.compile(r"\b(?:[Cc]ông ty|Cty|Tổng công ty|Tập đoàn|[Nn]gân hàng|"
                           r"Hợp tác xã|HTX|[Dd]oanh nghiệp)\b(?:(?!\b(?:ở|tại|trên|thuộc|tỉnh|huyện|TP|"
                           r"thành phố|quận|xã|phường|của|và|mà|với|công an|Công an)\b)"
                           r"[^.,;:\n()]){0,40}?" + P)),
    ("street", re.compile(r"(?<!tuyến )\b(?:đường|[Đđ]ại lộ) " + P + r"(?! -)")),
]

FOREIGN = re.compile(
    r"\b(?:UNODC|Interpol|INTERPOL|ASEANAPOL|FBI|Liên Hợp Quốc|LHQ|quốc tế|xuyên quốc gia|"
    r"châu Á|châu Âu|châu Phi|(?:người|nước|tại|ở|của|sang|từ|phía|bang|giới chức) Mỹ|"
    r"Hoa Kỳ|Trung Quốc|Campuchia|Lào(?! Cai)|Thái Lan|Hàn Quốc|Nhật Bản|Đài Loan|"
    r"Hồng Kông|Hong Kong|Malaysia|Singapore|Indonesia|Philippines|Myanmar|Australia|Úc|"
    r"Anh Quốc|(?:nước|người|tại|ở) Anh|Pháp(?! luật| lý| y| chế| nhân| Hoa)|"
    r"(?:nước|người|tại|ở|CHLB) Đức|(?:nước|người|tại|ở|Liên bang) Nga|Canada|Ấn Độ|"
    r"nước ngoài|Triều Tiên)\b")
NATIONAL = re.compile(
    r"(?:[Cc]ả nước|[Tt]oàn quốc|Bộ Công an|Cục CSGT|Cục Cảnh sát|Tổng cục Cảnh sát|"
    r"dịp Tết|nghỉ Tết|các tỉnh|nhiều tỉnh|các địa phương|Ủy ban An toàn giao thông Quốc gia|"
    r"UBATGT Quốc gia|Chính phủ|Thủ tướng|Quốc hội|Bộ GTVT|Tòa án nhân dân tối cao|"
    r"TAND Tối cao|TAND tối cao|VKSND tối cao|trên phạm vi cả nước)")
UNIT_PLACE = (r"(?:\w+['’‘ʼ´`] ?\w+|" + UP + r"\w*(?: " + UP + r"\w*)? ?[-–] ?" + UP
              + r"\w*(?: " + UP + r"\w*)?|" + UP + r"\w* " + UP + r"\w*(?:['’‘ʼ´`] ?\w+)?)")
UNIT = re.compile(r"(?:Công an|CA|Cảnh sát) (?:(?:huyện|thị xã|TX|TP\.?|thành phố|tỉnh|quận|"
                  r"xã|phường|thị trấn) )?(" + UNIT_PLACE + r")")
# Multi-part highland names count; plain province names (Đắk Lắk, Kon Tum) do not.
_UNIT_HIGHLAND = re.compile(r"^(?:Krông|Đắk|Đăk|Ea|Cư|Chư|Ia|Kon|Mang|Buôn|Đạ|Đam|Bù|Tu|A)"
                            r" (?!Lắk\b|Nông\b|Tum\b|Ma\b)")


def unit_match(head):
    for m in UNIT.finditer(head):
        place = m.group(1)
        if any(c in place for c in "-–") and m.group(0).startswith("Cảnh sát"):
            continue  # foreign police with double-barrelled names
        if any(c in place for c in "'’‘ʼ´`-–") or _UNIT_HIGHLAND.match(place):
            return m.group(0)
    return None


def judge(title, body):
    """None if not police; else (strata it qualifies for, {stratum: what matched})."""
    if not is_police(title, body):
        return None
    t = fold(title)
    text = t + "\n" + fold(body)
    head = t + "\n" + fold(body[:1500])
    provs = provinces_in(text)
    quals = []
    unit = unit_match(head)
    if unit:
        quals.append("units")
    trap = next((f"{name}: {m.group(0)}" for name, rx in TRAPS for m in [rx.search(text)] if m),
                "")
    if trap:
        quals.append("vessel_brand")
    if provs and (FOREIGN.search(t) or len(FOREIGN.findall(head)) >= 3):
        quals.append("international")
    if len(provs) >= 2 and NATIONAL.search(head):
        quals.append("national")
    if len(provs) >= 3:
        quals.append("many_provinces")
    hint = {"units": unit or "", "vessel_brand": trap}
    return (tuple(quals), hint)


def assign(quals):
    return next((s for s in ASSIGN if s in quals), None)


def sample(path=CORPUS):
    """{stratum: [(id, trap), ...] in sample order}."""
    skip = labelled_ids(HERE, sorted(n for n in os.listdir(HERE)
                                     if n.endswith(".jsonl") and n != OWN))
    seen = judge_unique(path, judge)
    strata = {s: [] for s in STRATA}
    for aid, v in seen.items():
        if v is None or aid in skip:
            continue
        s = assign(v[0])
        if s:
            strata[s].append((order_key(SEED, aid), aid, v[1].get(s, "")))
    out = {s: [(aid, trap) for _, aid, trap in sorted(rows)] for s, rows in strata.items()}
    # vessel_brand: the trap kinds in turn (TRAPS order), so no one kind fills the stratum.
    kinds = {name: [r for r in out["vessel_brand"] if r[1].startswith(name + ":")]
             for name, _ in TRAPS}
    mixed = []
    for k in range(max(len(v) for v in kinds.values())):
        mixed += [kinds[name][k] for name, _ in TRAPS if k < len(kinds[name])]
    out["vessel_brand"] = mixed
    return out


def main():
    args = sys.argv[1:]
    if args and args[0] in ("-h", "--help"):
        sys.exit(__doc__)
    ids_only = "--ids" in args
    only = None
    path = CORPUS
    n = None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--stratum":
            only = args[i + 1]
            i += 1
        elif a == "--corpus":
            path = args[i + 1]
            i += 1
        elif a != "--ids":
            n = int(a)
        i += 1
    strata = sample(path)
    names = [only] if only else STRATA
    picked = {s: strata[s][:n] if n is not None else strata[s] for s in names}
    order = []
    for k in range(max((len(v) for v in picked.values()), default=0)):
        for s in names:
            if k < len(picked[s]):
                order.append((s,) + picked[s][k])
    print("# per stratum: " + ", ".join(f"{s}={len(strata[s])}" for s in STRATA),
          file=sys.stderr)
    if ids_only:
        sys.stdout.write("".join(f"{aid}\t{s}\n" for s, aid, _ in order))
        return
    want = {aid for _, aid, _ in order}
    texts = {}
    import json
    import lzma
    with lzma.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["id"] in want:
                texts[a["id"]] = (a.get("title") or "", a.get("body") or "")
    out = sys.stdout
    for s, aid, trap in order:
        title, body = texts[aid]
        out.write(f"===== {aid}  {s}" + (f"  [{trap}]" if trap else "") + "\n")
        out.write(unicodedata.normalize("NFC", title) + "\n")
        out.write(unicodedata.normalize("NFC", body) + "\n\n")


if __name__ == "__main__":
    main()
