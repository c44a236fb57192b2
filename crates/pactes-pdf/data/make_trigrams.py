#!/usr/bin/env python3
"""Makes french-trigrams.txt: how often each three characters follow one another in French
running text, for reading a lost font whose codes are a subset's own (`cipher.rs`).

Source: the French word frequencies of wordfreq 3.1 (`large_fr`, CC BY-SA 4.0,
https://github.com/rspeer/wordfreq): a text is sampled from them word by word, with the
punctuation, elisions, numbers and signs of French prose put in at typical rates (in French
typography `:`, `%`, `«` and `»` stand apart), lowercased, its digits as `#`, and its character
trigrams counted (a space stands for every word boundary, written `_` in the file).

Usage: pip install wordfreq msgpack; python3 make_trigrams.py > french-trigrams.txt
"""
import bisect
import collections
import gzip
import os
import random
import sys

import msgpack
import wordfreq

ALPHABET = set("abcdefghijklmnopqrstuvwxyzàâçéèêëîïôùûüœ'.,:-()«»%/€#")
ELIDED = {"l", "d", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu"}
VOWELS = set("aeiouyhàâéèêîôœ")

path = os.path.join(os.path.dirname(wordfreq.__file__), "data", "large_fr.msgpack.gz")
table = msgpack.load(gzip.open(path), raw=False)
words, weights = [], []
for cb, ws in enumerate(table[1:], 1):
    for w in ws:
        w = "".join("#" if c.isdigit() else c for c in w.lower())
        if w and all(c in ALPHABET for c in w):
            words.append(w)
            weights.append(10 ** (-cb / 100))
cum = []
total = 0.0
for x in weights:
    total += x
    cum.append(total)
starts_vowel = [i for i, w in enumerate(words) if w[0] in VOWELS]
cum_v = []
t = 0.0
for i in starts_vowel:
    t += weights[i]
    cum_v.append(t)

rng = random.Random(7)


def draw(c, idx=None):
    k = bisect.bisect(c, rng.random() * c[-1])
    return words[idx[k]] if idx else words[k]


tokens = []
n_chars = 0
while n_chars < 6_000_000:
    r = rng.random()
    if r < 0.02:
        tok = "#" * rng.choice([1, 1, 2, 2, 3, 4, 4, 4])
        if rng.random() < 0.15:
            tok += rng.choice([" %", " €", ",#", "/#"])
    elif r < 0.025:
        tok = "-"
    elif r < 0.03:
        tok = rng.choice(["«", "»", ":"])
    else:
        tok = draw(cum)
        if tok in ELIDED:
            tok += "'" + draw(cum_v, starts_vowel)
        p = rng.random()
        if p < 0.05:
            tok += ","
        elif p < 0.09:
            tok += "."
        elif p < 0.10:
            tok = "(" + tok + ")"
        elif p < 0.102:
            tok += "-" + draw(cum)
        elif p < 0.104:
            tok += "/" + draw(cum)
    tokens.append(tok)
    n_chars += len(tok) + 1
text = " " + " ".join(tokens) + " "
counts = collections.Counter(text[i : i + 3] for i in range(len(text) - 2))
print("# trigram<TAB>count; `_` is a word boundary; made by make_trigrams.py from wordfreq 3.1")
for tri, n in sorted(counts.items()):
    if n >= 3:
        print(f"{tri.replace(' ', '_')}\t{n}")
