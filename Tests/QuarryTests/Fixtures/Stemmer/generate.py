#!/usr/bin/env python3
"""Regenerates english.tsv: words and their stems from the reference Snowball English stemmer.

Usage (from the repository root):

    pip install snowballstemmer
    python3 Tests/QuarryTests/Fixtures/Stemmer/generate.py [extra text files or folders ...]

Words are taken like the `plain` analyzer takes them (runs of letters and digits, lowercased, accents
removed) from Corpus/, from any extra paths given (e.g. a relevance collection's docs.jsonl), from the
hand-picked tricky forms below, and from common stems with suffixes added, so that every step of the
algorithm is exercised. Only ASCII words are kept: the Swift stemmer leaves other words unchanged.
Output: one `word<TAB>stem` line per distinct word, sorted.
"""
import html
import os
import re
import sys
import unicodedata

import snowballstemmer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))

TRICKY = """
skis skies sky idly gently ugly early only singly news howe atlas cosmos bias andes
dying lying tying eying vying flying crying trying buying saying playing
proceed proceeds proceeded proceeding exceed exceeded exceeding succeed succeeded succeeding
agreed agreeing feed feeds freed bleed guaranteed
inning innings outing outings canning cannings herring herrings earring earrings evening evenings
general generally generous generously generate generation communism communist community
communication arsenal arsenic emergency emergent emerge international interest later lateral
organ organization organic past paste pasted pasting pasta universe university universal
hopping hopped hoping hoped filing filling failing fizzed luxuriating conflated troubled sized
add added adding egg egged eggs off offed ebb ebbed
cries cried ties tied dies died pies lies flies spies tries
caresses ponies caress cats gas gaps kiwis this his us bus plus
cry by say boy toy enjoy happy happily happiness yes yesterday youth yellow yay yyy ayy
relational conditional rational valenci hesitanci digitizer conformabli radicalli differentli
vileli analogousli vietnamization predication operator feudalism decisiveness hopefulness
callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti electrical
hopeful goodness revival allowance inference airliner gyroscopic adjustable defensible irritant
replacement adjustment dependent adoption homologou communism activate angulariti homologous
effective bowdlerize probate rate cease controll roll
biology biologist geology geologist apology archaeology fully fulli lessly carelessly
beautifully hopelessly consequently scientifically
ational tional ization iveness fulness ousness alism ation izer ator ogist
abli alli aliti biliti bli enci anci entli ousli iviti lessli ogi li
icate ative alize iciti ical ful ness ement ment ent ance ence able ible ate ive ize iti al ism ion
er ous ant ic sses ied ies ss us s ed eed ing edly eedly ingly ly
a an be is it on of to in at as or
"""

SUFFIXES = """s es ed ing ly edly ingly eed ness ful ful ly ation ational ations ative ator ators
ize izes ized izing ization izations izer ise ism isms ist ists ity ities ive ively iveness
able ably ability abilities ible ibly al ally alism ence ences ency ance ances ant ants ent ently
ment ments ement ous ously ousness ic ical ically icate icity er ers ion ions logy logist logies li
y ies ied ier iest""".split()


def words_of(text):
    """Lowercased, accent-free runs of letters and digits, as the plain analyzer makes them."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", text)


def text_of(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        raw = f.read()
    if path.endswith((".html", ".htm")):
        raw = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", raw)
        raw = html.unescape(re.sub(r"<[^>]*>", " ", raw))
    return raw


def files_under(path):
    if os.path.isfile(path):
        yield path
        return
    for folder, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".html", ".htm", ".txt", ".md", ".jsonl")):
                yield os.path.join(folder, name)


def main():
    sources = [os.path.join(ROOT, "Corpus")] + sys.argv[1:]
    counts = {}
    for source in sources:
        for path in files_under(source):
            for word in words_of(text_of(path)):
                counts[word] = counts.get(word, 0) + 1
    words = {w for w in counts if w.isascii()}
    tricky = set(words_of(TRICKY))
    words |= tricky
    # Common corpus words (letters only) with suffixes added, to reach the rarer rules.
    common = sorted((w for w in counts if w.isascii() and w.isalpha() and 4 <= len(w) <= 10),
                    key=lambda w: (-counts[w], w))[:120]
    for stem in common:
        for suffix in SUFFIXES:
            words.add(stem + suffix)
            if stem.endswith("e"):
                words.add(stem[:-1] + suffix)
    stemmer = snowballstemmer.stemmer("english")
    out = os.path.join(HERE, "english.tsv")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for word in sorted(words):
            f.write(f"{word}\t{stemmer.stemWord(word)}\n")
    print(f"{len(words)} words -> {os.path.relpath(out, ROOT)}")


if __name__ == "__main__":
    main()
