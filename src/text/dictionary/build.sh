#!/bin/sh
# Builds the embedded word dictionary, src/text/dictionary/vietnews-words.tsv.gz, from the
# VietNews word list (../shared/corpus/vietnews-words.tsv.xz: words and counts from the word
# segmentation of the VietNews train split). Run from the repository root:
#
#     sh src/text/dictionary/build.sh [path/to/vietnews-words.tsv.xz] [minimum count]
#
# Words seen fewer than the minimum count times are left out (the smaller file loads faster;
# `bantin segment --score` shows what that costs in F1). Police vocabulary the news lacks is
# kept apart, in police-words.txt. build.rs turns both into the table the binary embeds.
set -eu
source=${1:-../shared/corpus/vietnews-words.tsv.xz}
min_count=${2:-5}
out=src/text/dictionary/vietnews-words.tsv.gz
{
    printf '# bantin word dictionary: word<TAB>count, lowercase NFC, most frequent first.\n'
    printf '# Counts: word segmentation of the VietNews corpus train split (ThanhChinhBK/vietnews),\n'
    printf '# as listed in vietnews-words.tsv; words seen at least %s times.\n' "$min_count"
    printf '# Built by: sh src/text/dictionary/build.sh %s %s\n' "$(basename "$source")" "$min_count"
    xz -dc "$source" | awk -F '\t' -v min="$min_count" '!/^#/ && NF == 2 && $2 >= min'
} | gzip -9n > "$out"
printf '%s: %s words, %s bytes\n' "$out" \
    "$(gzip -dc "$out" | grep -vc '^#')" "$(wc -c < "$out")"
