#!/usr/bin/env python3
"""Held-out paragraphs: what the national synthesis (lecture transversale, 19 March 2019) says
under each theme of its plan, from Regions outside the bundled corpus and its own prose.

Writes tests/data/heldout-synthesis-paragraphs.jsonl, one {"theme", "text"} per paragraph, used
by the test `tag::heldout_paragraphs_of_other_regions` (the tagger on text it never saw, without
heading context). Paragraphs that share more than 5% of their 6-word shingles with any bundled Pacte's source text
(tests/data/*.txt) are left out, so that nothing of the four dev Pactes leaks in.

Usage (from the repository root, where ../shared exists):
    python3 tests/data/make_heldout.py ../shared/reference
"""
import glob
import json
import re
import sys
import unicodedata


def norm(s):
    s = unicodedata.normalize('NFKD', s.lower().replace('\u2019', "'"))
    s = ''.join(c for c in s if not unicodedata.combining(c))
    return re.findall(r"[a-z0-9]+", s)


def shingles(ws):
    return set(tuple(ws[i:i + 6]) for i in range(max(0, len(ws) - 5)))


AXIS_TITLES = {'1': 'financer des parcours certifiants', '2': 'garantir l acces des publics fragiles',
               '3': 's engager dans la modernisation', '4': 'les mecanismes de suivi'}


def sections(ref, axis_intros=False):
    """The reference's text cut at its theme titles (and at each axis' own introduction), in
    the order of themes.tsv; with `axis_intros`, each axis' introduction too, under the axis'
    number (`"2"`)."""
    lines = open(ref + '/lecture-transversale-2019-03-19.txt', encoding='utf-8').read().split('\n')
    themes = [l.split('\t') for l in open(ref + '/themes.tsv', encoding='utf-8').read().strip().split('\n')[1:]]
    order, seen = [], set()
    for tid, axis, label in themes:
        if axis in '1234' and axis not in seen:
            seen.add(axis)
            order.append((axis, None))
        order.append((tid, label))
    bounds, pos = [], 0
    for tid, label in order:
        found = None
        if label is not None and tid[0].isdigit():
            for i in range(pos, len(lines)):
                if re.match(r'\s*' + re.escape(tid) + r'\.?\s', lines[i]):
                    found = i
                    break
        if found is None:
            key = norm(AXIS_TITLES[tid]) if label is None else norm(label)[:4]
            for i in range(pos, len(lines)):
                n = norm(lines[i])
                while n and n[0].isdigit():
                    n = n[1:]
                if n[:len(key)] == key or (label and ' '.join(key) in ' '.join(n[:12]) and len(n) < 25):
                    found = i
                    break
        if found is None:
            print('title not found:', tid, file=sys.stderr)
            continue
        bounds.append((found, tid, label))
        pos = found + 1
    bounds.sort()
    out = {}
    for k, (b, tid, label) in enumerate(bounds):
        if label is None and not axis_intros:
            continue  # an axis' introduction, not a theme
        e = bounds[k + 1][0] if k + 1 < len(bounds) else len(lines)
        out[tid] = lines[b + 1:e]
    return out


def main():
    ref = sys.argv[1] if len(sys.argv) > 1 else '../shared/reference'
    bundled = set()
    for f in glob.glob('tests/data/*.txt'):
        bundled |= shingles(norm(open(f, encoding='utf-8').read()))
    rows = []
    for tid, lines in sections(ref).items():
        paras, cur = [], []
        for l in lines:
            if re.match(r'\s*\((?!\d)', l) or not l.strip():
                if cur:
                    paras.append(' '.join(cur))
                    cur = []
            if l.strip():
                cur.append(l.strip())
        if cur:
            paras.append(' '.join(cur))
        for p in paras:
            w = norm(p)
            if len(w) < 25:
                continue
            s = shingles(w)
            if len(s & bundled) > 0.05 * len(s):
                continue
            rows.append({'theme': tid, 'text': p})
    with open('tests/data/heldout-synthesis-paragraphs.jsonl', 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    print(len(rows), 'paragraphs', file=sys.stderr)


if __name__ == '__main__':
    main()
