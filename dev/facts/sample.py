#!/usr/bin/env python3
"""Deterministic sample of the VietNews corpus for the facts dev set.

Usage:  python3 sample.py police|general [N] [CORPUS]
Prints article ids, one a line, in sample order (first N, default all).

Rule (stated, applied to NFC-lowercased text):
  An article is POLICE/CRIME if its title contains at least one keyword of K,
  or title + the first 1,000 characters of its body together contain at least
  two DISTINCT keywords of K. Every other article is GENERAL.
  K covers police, arrest, prosecution, drugs, crime, violence, theft, fraud,
  smuggling, traffic accidents, fires, court cases (see KEYWORDS below; both
  tone-mark placements are listed where they differ).
Duplicate ids: the corpus reuses 22,642 ids for two DIFFERENT articles
  (train and validation splits were numbered separately). A label keyed by id
  could not say which article it is about, so every id that occurs more than
  once is excluded from both kinds; the sample draws from the unique ids only.
Sample order (the "fixed random sample", seed SEED): articles of each kind
  sorted by sha256(SEED + ":" + id); the first N of that order are the sample.
  This is independent of corpus order and of N (the sample for N=150 is a
  prefix of the sample for N=300).
"""
import os
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from corpus import CORPUS, judge_unique, order_key  # noqa: E402

SEED = "bantin-facts-dev-2026"

KEYWORDS = [
    "công an", "cảnh sát", "csgt", "bắt giữ", "bắt giam", "bắt khẩn cấp", "tạm giữ",
    "tạm giam", "khởi tố", "truy nã", "truy tố", "bị can", "bị cáo", "nghi phạm",
    "nghi can", "hung thủ", "thủ phạm", "tội phạm", "phạm tội", "vụ án", "án mạng",
    "xét xử", "tòa án", "toà án", "tuyên án", "phạt tù", "tử hình", "chung thân",
    "ma túy", "ma tuý", "heroin", "ma tuý đá", "tàng trữ", "buôn lậu", "hàng lậu",
    "trộm", "cướp", "cưỡng đoạt", "lừa đảo", "chiếm đoạt tài sản", "tham ô", "nhận hối lộ",
    "đánh bạc", "cá độ", "giết", "sát hại", "đâm chết", "bị chém", "chém chết", "hiếp dâm",
    "dâm ô", "mại dâm", "bạo hành", "cố ý gây thương tích", "hành hung",
    "tai nạn giao thông", "tai nạn liên hoàn", "tông chết", "tông vào",
    "va chạm", "lật xe", "hỏa hoạn", "hoả hoạn", "vụ cháy", "bốc cháy", "cháy lớn",
    "chết cháy", "thi thể", "nổ súng",
]

def is_police(title, body):
    t = unicodedata.normalize("NFC", title).lower()
    b = unicodedata.normalize("NFC", body[:1000]).lower()
    if any(k in t for k in KEYWORDS):
        return True
    text = t + " " + b
    return sum(1 for k in KEYWORDS if k in text) >= 2

def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("police", "general"):
        sys.exit(__doc__)
    kind = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else None
    path = sys.argv[3] if len(sys.argv) > 3 else CORPUS
    want = kind == "police"
    seen = judge_unique(path, is_police)
    chosen = sorted((order_key(SEED, aid), aid) for aid, p in seen.items() if p == want)
    out = chosen if n is None else chosen[:n]
    sys.stdout.write("".join(aid + "\n" for _, aid in out))

if __name__ == "__main__":
    main()
