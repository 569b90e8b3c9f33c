"""Build the spaCy pipeline that Rasa's SpacyNLP loads: a blank English tokenizer plus an
EntityRuler that labels gazetteer place names as `place`.

    .venvs/actions/bin/python scripts/export_place_names.py models/place_names.txt --alternates-from 1000000
    .venvs/rasa/bin/python scripts/build_spacy_places.py models/place_names.txt models/spacy_places \
        --english-words /usr/share/dict/words        # Debian package wamerican

No pretrained model is involved: the ruler matches whole names case-insensitively
(`phrase_matcher_attr: LOWER`); overlapping matches go to the longest ("New Delhi" over
"Delhi").

Names that are also ordinary words people type are left out, so that "born in the
morning" or "mera naam" never become places. A name is left out when
1. it occurs, as whole tokens, anywhere in the NLU training data (data/nlu/*.yml:
   examples, synonyms, non-place lookups) outside a [..](place) annotation, unless the data
   also annotates it as a place somewhere ("not delhi, it was [noida](place)" keeps Delhi);
2. all its tokens are spaCy's English stop words ("Of", "Along", "Same");
3. it has fewer than 3 letters ("Ba", "Aa");
4. optionally (--english-words FILE, e.g. Debian's wamerican /usr/share/dict/words), it is
   one word that the list spells in lower case, i.e. an English word and not only a
   proper noun ("Buy", "Run", "Turn", "North", "Police" go; "Salem", "Agra" stay), unless
   a place of that name has at least 1,000,000 people ("Shanghai", "Phoenix" stay).
The names left out are written to `excluded_names.txt` next to the pipeline, with the
reason, for review. The exclusion is only as good as the training data's vocabulary:
re-run the build when data/nlu changes.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import spacy
import yaml
from spacy.lang.en.stop_words import STOP_WORDS

LABEL = "place"
MIN_LETTERS = 3
BIG_PLACE = 1_000_000  # an English word that names a place this big is kept anyway
MAX_NGRAM = 6  # longest name, in tokens, looked for in the training data
# [text](entity), [text]{"entity": ...}, [text]{"entity": ..., "value": ...}
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\(([^)]+)\)|\{([^}]*)\})")


def _entity_of(match: re.Match) -> str:
    if match.group(2) is not None:
        return match.group(2).split(":")[0].strip()
    found = re.search(r'"entity"\s*:\s*"([^"]+)"', match.group(3) or "")
    return found.group(1) if found else ""


def training_texts(nlu_dir: Path) -> tuple[list[str], list[str]]:
    """(text outside place annotations, text inside them) from every NLU file."""
    ordinary: list[str] = []
    places: list[str] = []
    for path in sorted(nlu_dir.glob("**/*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in content.get("nlu") or ():
            if "regex" in item:
                continue
            lines = [line.strip()[2:] for line in str(item.get("examples", "")).splitlines()
                     if line.strip().startswith("- ")]
            if item.get("lookup") == LABEL:
                places.extend(lines)
                continue
            for line in lines:
                rest = line
                for match in _ANNOTATION.finditer(line):
                    if _entity_of(match) == LABEL:
                        places.append(match.group(1))
                        rest = rest.replace(match.group(0), " | ", 1)  # no n-gram across it
                    else:
                        rest = rest.replace(match.group(0), f" {match.group(1)} ", 1)
                ordinary.append(rest)
    return ordinary, places


def ngrams(nlp, texts: list[str], longest: int) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for doc in nlp.tokenizer.pipe(texts):
        words = [t.lower_ for t in doc if not t.is_space]
        for n in range(1, longest + 1):
            for i in range(len(words) - n + 1):
                found.add(tuple(words[i:i + n]))
    return found


def english_words(path: Path | None) -> set[str]:
    """Words the list writes in lower case (common words, not names); empty without a list."""
    if path is None:
        return set()
    return {w for w in path.read_text(encoding="utf-8", errors="ignore").split() if w.islower() and w.isalpha()}


def build(names_file: Path, nlu_dir: Path, out_dir: Path, words_file: Path | None = None) -> dict:
    started = time.perf_counter()
    nlp = spacy.blank("en")
    # "Name" or "Name<TAB>population" lines.
    people: dict[str, int] = {}
    for line in names_file.read_text(encoding="utf-8").splitlines():
        name, _, population = line.partition("\t")
        name = " ".join(name.split())
        if name:
            people[name] = max(people.get(name, 0), int(population or 0))
    names = list(people)

    ordinary_text, place_text = training_texts(nlu_dir)
    ordinary = ngrams(nlp, ordinary_text, MAX_NGRAM)
    annotated = {tuple(t.lower_ for t in doc) for doc in nlp.tokenizer.pipe(place_text)}
    words = english_words(words_file)

    kept: list[str] = []
    excluded: list[tuple[str, str]] = []
    seen: set[tuple[str, ...]] = set()
    for name, doc in zip(names, nlp.tokenizer.pipe(names), strict=False):
        key = tuple(t.lower_ for t in doc)
        if key in seen:  # "St Louis" vs "st louis": one pattern is enough
            continue
        seen.add(key)
        if sum(ch.isalpha() for ch in name) < MIN_LETTERS:
            excluded.append((name, "short"))
        elif all(word in STOP_WORDS for word in key):
            excluded.append((name, "stop word"))
        elif key in ordinary and key not in annotated:
            excluded.append((name, "training data"))
        elif len(key) == 1 and key[0] in words and key not in annotated and people[name] < BIG_PLACE:
            excluded.append((name, "english word"))
        else:
            kept.append(name)

    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": False})
    ruler.add_patterns([{"label": LABEL, "pattern": name} for name in kept])
    nlp.meta.update({
        "name": "luna_places",
        "version": "0.1.0",
        "description": "Blank English tokenizer + EntityRuler of GeoNames place names (label 'place')",
        "license": "CC BY 4.0 (GeoNames data)",
    })
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    (out_dir / "excluded_names.txt").write_text(
        "".join(f"{name}\t{why}\n" for name, why in sorted(excluded, key=lambda e: e[0].lower())),
        encoding="utf-8")
    size = sum(p.stat().st_size for p in out_dir.rglob("*") if p.is_file())
    return {"names": len(names), "patterns": len(kept), "excluded": len(excluded),
            "seconds": time.perf_counter() - started, "bytes": size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", type=Path, help="place names, one a line, optionally <TAB>population")
    parser.add_argument("output", type=Path, help="directory for nlp.to_disk")
    parser.add_argument("--nlu", type=Path, default=Path("data/nlu"), help="Rasa NLU data (default data/nlu)")
    parser.add_argument("--english-words", type=Path, metavar="FILE",
                        help="word list; one-word names it spells in lower case are left out")
    args = parser.parse_args(argv)
    stats = build(args.names, args.nlu, args.output, args.english_words)
    print(f"{stats['patterns']} patterns ({stats['excluded']} of {stats['names']} names excluded, "
          f"see {args.output / 'excluded_names.txt'}); {stats['seconds']:.1f} s; "
          f"{stats['bytes'] / 1e6:.1f} MB in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
