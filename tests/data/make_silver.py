#!/usr/bin/env python3
"""Silver quotes: the passages of each bundled Pacte that the national synthesis (lecture
transversale, 19 March 2019) quotes, found by aligning its text with the Pactes' source texts,
each with the theme of the synthesis section that quotes it.

The dev gold (quotes-dev.jsonl) covers Hauts-de-France and Centre-Val de Loire; this makes the
same kind of quotes for every bundled Pacte, so that the tagger and the synthesis are measured on
the Regions the dev gold leaves out too (Pays de la Loire, Île-de-France). Made by alignment, not
by hand: checked against the dev gold (the script prints how many dev quotes it finds).

A quote is a maximal run of the synthesis's words found word for word in one source (at least
`MIN_WORDS` words), runs of one source a short gap apart (an ellipsis `(…)`, an inserted
`[Cela impose]`) joined; its text is the source's own span.

Usage (from the repository root, where ../shared exists):
    python3 tests/data/make_silver.py ../shared/reference > tests/data/quotes-silver.jsonl
"""
import json
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_heldout import sections  # noqa: E402

MIN_WORDS = 12
REF_GAP = 12
SRC_GAP = 60

REGIONS = {
    'PRIC-HDF-signe.txt': 'Hauts-de-France',
    'CVL_declinaison_operationnelle_PACTE.txt': 'Centre-Val de Loire',
    'IDF_pacte_regional_v14fev2019.txt': 'Île-de-France',
    'Pacte_PDL_2019-2022.txt': 'Pays de la Loire',
}


def tokens(s):
    """Accent-folded lowercase alphanumeric tokens with their (start, end) offsets in `s`."""
    out = []
    for m in re.finditer(r"\w+", s):
        t = unicodedata.normalize('NFKD', m.group().lower())
        t = ''.join(c for c in t if not unicodedata.combining(c) and c.isalnum())
        if t:
            out.append((t, m.start(), m.end()))
    return out


def axis_of(tid):
    if tid.startswith('intro'):
        return '0'
    return tid.split('.')[0]


def main():
    ref = sys.argv[1] if len(sys.argv) > 1 else '../shared/reference'
    srcs = {}
    for name in REGIONS:
        text = open(os.path.join(ref, 'sources', name), encoding='utf-8').read()
        toks = tokens(text)
        index = {}
        words = [t for t, _, _ in toks]
        for i in range(len(words) - 5):
            index.setdefault(tuple(words[i:i + 6]), []).append(i)
        srcs[name] = (text, toks, words, index)
    rows = []
    for tid, lines in sections(ref, axis_intros=True).items():
        rtoks = tokens('\n'.join(lines))
        rw = [t for t, _, _ in rtoks]
        for name, (text, toks, words, index) in srcs.items():
            # maximal runs of the section's words found in this source
            runs = []
            i = 0
            while i + 6 <= len(rw):
                best = None
                for j in index.get(tuple(rw[i:i + 6]), []):
                    k = 6
                    while i + k < len(rw) and j + k < len(words) and rw[i + k] == words[j + k]:
                        k += 1
                    if best is None or k > best[2]:
                        best = (i, j, k)
                if best:
                    runs.append(best)
                    i += best[2]
                else:
                    i += 1
            # join runs of this source a short gap apart, in order in both texts
            merged = []
            for r in runs:
                if merged:
                    ri, sj, k = merged[-1]
                    if 0 <= r[0] - (ri + k) <= REF_GAP and 0 <= r[1] - (sj + k) <= SRC_GAP:
                        merged[-1] = (ri, sj, r[1] + r[2] - sj)
                        continue
                merged.append(r)
            for _, sj, k in merged:
                if k < MIN_WORDS:
                    continue
                start, end = toks[sj][1], toks[sj + k - 1][2]
                rows.append({'theme': tid, 'axis': axis_of(tid), 'region': REGIONS[name],
                             'source': name, 'start': start, 'end': end,
                             'text': text[start:end]})
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))
    # how much of the dev gold the alignment finds
    here = os.path.dirname(os.path.abspath(__file__))
    dev = [json.loads(l) for l in open(os.path.join(here, 'quotes-dev.jsonl'), encoding='utf-8')]
    found = 0
    for d in dev:
        if any(r['source'] == d['source'] and r['theme'] == d['theme']
               and min(r['end'], d['end']) - max(r['start'], d['start']) >= 0.5 * (d['end'] - d['start'])
               for r in rows):
            found += 1
    by = {}
    for r in rows:
        by[r['region']] = by.get(r['region'], 0) + 1
    print(f'{len(rows)} quotes {by}; dev gold quotes found: {found} of {len(dev)}', file=sys.stderr)


if __name__ == '__main__':
    main()
