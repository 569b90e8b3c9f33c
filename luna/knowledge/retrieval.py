"""Retrieval: the entries most relevant to a question, by Okapi BM25 over each entry's
title, keywords and text.

BM25 rather than embeddings: the base is a few hundred short entries, questions name their
topic in a handful of words, and BM25 needs no model, no new dependency and answers in
well under a millisecond. Two things make it work on how people write to Luna:
- Hinglish/Hindi normalisation: "shani", "mangal", "saade saati", "saatve ghar", "शनि" become
  the same tokens as "saturn", "mars", "sade sati", "7 house" (one table, NORMAL);
- typo tolerance: a question word not in the vocabulary is replaced by its closest
  vocabulary word (rapidfuzz, already pinned) when the match is close enough.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from luna.knowledge.entries import Entry, load_knowledge

# Okapi BM25's usual constants (Robertson & Zaragoza, 2009).
K1 = 1.2
B = 0.75
# The title and keywords say what an entry is about; the text only explains it.
TITLE_WEIGHT = 3
KEYWORD_WEIGHT = 3
# A typo is corrected to a vocabulary word only this close (rapidfuzz ratio, 0-100) and
# only for words long enough that a near miss is really a typo, not another word.
FUZZY_MIN_SCORE = 80
FUZZY_MIN_LENGTH = 4
# A question is about an entry only when it contains one of the entry's topic phrases (its
# title or a keyword, every word of it) and those words weigh at least this much (the sum
# of their idf). BM25 alone cannot: "what time is it" (a word of the texts) outscores "what
# is my lagna". Measured 2026-12-06 (bench/bench_knowledge.py): the weakest question of
# tests/knowledge/questions.yml has 1.59 ("what is my lagna"), every question of
# tests/knowledge/off_topic.yml 0; the floor sits below the lightest word that must count
# on its own, a planet's name ("tell me about my moon", 1.18).
MIN_TOPIC_SCORE = 0.8
# Keywords that are everyday words: they help rank the entries that list them, but a
# question made only of them ("end this chat", "reverse a string") is not about astrology.
EVERYDAY_WORDS = frozenset(
    "end over period power status solution reverse backwards cancelled intelligence charity fasting "
    "marriage compatibility karu khatam shaadi time".split()
)

# Hindi/Hinglish words (and English variants) -> the token the entries use.
NORMAL = {
    "shani": "saturn", "sani": "saturn", "shanidev": "saturn",
    "mangal": "mars", "kuja": "mars", "bhaum": "mars", "mangalik": "manglik", "manglick": "manglik",
    "guru": "jupiter", "brihaspati": "jupiter", "shukra": "venus", "sukra": "venus",
    "budh": "mercury", "budha": "mercury", "surya": "sun", "ravi": "sun", "chandra": "moon", "chand": "moon",
    "sadhe": "sade", "saade": "sade", "saadhe": "sade", "sadesati": "sade sati", "saati": "sati", "sathi": "sati",
    "dosh": "dosha", "dosa": "dosha", "dosham": "dosha", "yog": "yoga", "yogam": "yoga",
    "dasa": "dasha", "mahadasa": "mahadasha", "antardasa": "antardasha", "bhukti": "antardasha",
    "ghar": "house", "bhav": "house", "bhava": "house", "bhaav": "house", "houses": "house",
    "ratna": "gemstone", "stone": "gemstone", "stones": "gemstone", "gem": "gemstone", "gems": "gemstone",
    "gemstones": "gemstone", "upay": "remedy", "upaya": "remedy", "remedies": "remedy", "totka": "remedy",
    "kundali": "kundli", "janampatri": "kundli", "kalsarp": "kaal sarp", "kala": "kaal", "sarpa": "sarp",
    "ascendant": "lagna", "lagn": "lagna", "rashi": "rashi", "rasi": "rashi",
    "mool": "mula", "moola": "mula",
    "navamsha": "navamsa", "navansh": "navamsa", "d9": "navamsa", "vakri": "retrograde",
    "ast": "combust", "asta": "combust", "combustion": "combust", "nakshtra": "nakshatra", "nakshatras": "nakshatra",
    "gun": "guna", "gunas": "guna", "milan": "milan", "matching": "milan", "ashtakoota": "guna milan",
    "ek": "1", "pehla": "1", "pehle": "1", "doosra": "2", "dusre": "2", "teesra": "3", "teesre": "3",
    "chautha": "4", "chauthe": "4", "paanchve": "5", "panchve": "5", "chhathe": "6", "saatve": "7", "satve": "7",
    "aathve": "8", "athve": "8", "naumve": "9", "nauve": "9", "dasve": "10", "gyarahve": "11", "barahve": "12",
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7",
    "eighth": "8", "ninth": "9", "tenth": "10", "eleventh": "11", "twelfth": "12",
    # Hindi in Devanagari (the entries are English: these carry a Hindi question to them).
    "शनि": "saturn", "मंगल": "mars", "गुरु": "jupiter", "बृहस्पति": "jupiter", "शुक्र": "venus", "बुध": "mercury",
    "सूर्य": "sun", "चंद्र": "moon", "चन्द्र": "moon", "चंद्रमा": "moon", "राहु": "rahu", "केतु": "ketu",
    "साढ़े": "sade", "साढ़ेसाती": "sade sati", "साती": "sati", "मांगलिक": "manglik", "मंगलिक": "manglik",
    "दोष": "dosha", "योग": "yoga", "दशा": "dasha", "महादशा": "mahadasha", "अंतर्दशा": "antardasha",
    "अन्तर्दशा": "antardasha", "लग्न": "lagna", "राशि": "rashi", "नक्षत्र": "nakshatra", "उपाय": "remedy",
    "रत्न": "gemstone", "कुंडली": "kundli", "कुण्डली": "kundli", "मिलान": "milan", "गुण": "guna",
    "वक्री": "retrograde", "अस्त": "combust", "नवांश": "navamsa", "काल": "kaal", "सर्प": "sarp",
    "गजकेसरी": "gajakesari", "राजयोग": "raja yoga", "राज": "raja", "नीच": "neech", "भंग": "bhang",
    "बुधादित्य": "budhaditya", "घर": "house", "भाव": "house",
    "पहले": "1", "दूसरे": "2", "तीसरे": "3", "चौथे": "4", "पांचवें": "5", "पाँचवें": "5", "छठे": "6",
    "सातवें": "7", "आठवें": "8", "नौवें": "9", "दसवें": "10", "ग्यारहवें": "11", "बारहवें": "12",
}
# Words that carry no topic, in English and Hinglish.
STOPWORDS = frozenset(
    "a an the is are am was be my me i you your of in on at to for and or what does do did how which "
    "when why will it its this that with about from mean means meaning tell please can kya hai hain ki ka "
    "ke ko mein me mera meri mere se aur koi kaisi kaisa kaise hoti hota hote batao bataiye "
    "kab kaun kaunsa konsa "
    "में मे की का के को है हैं हूँ हूं क्या मेरी मेरा मेरे मुझे मैं से और कब कैसे कैसी कैसा होता होती होते होगी "
    "होगा कौन कौनसा सा चाहिए बताओ बताइए यह ये वह या नहीं पर तक भी अपनी अपना आप आपकी".split()
)
_WORD = re.compile(r"[a-z0-9]+|[\u0900-\u097F]+")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th|va|ve|vi|wa|we)$")


def tokens(text: str) -> list[str]:
    """Lower-case words, ordinals as numbers ("7th" -> "7"), Hinglish mapped, stopwords out."""
    result: list[str] = []
    for word in _WORD.findall(text.lower()):
        ordinal = _ORDINAL.match(word)
        if ordinal:
            word = ordinal.group(1)
        for part in NORMAL.get(word, word).split():
            if part not in STOPWORDS:
                result.append(part)
    return result


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float  # BM25: ranks the hits
    topic_score: float = 0.0  # the idf of the entry's topic phrases found whole in the question


class KnowledgeBase:
    """The entries and their BM25 index, built once (a few milliseconds) and read-only after."""

    def __init__(self, entries: tuple[Entry, ...]) -> None:
        self.entries = entries
        self._documents = [self._document(entry) for entry in entries]
        self._lengths = [sum(document.values()) for document in self._documents]
        self._average_length = sum(self._lengths) / max(len(self._lengths), 1)
        frequency: Counter[str] = Counter()
        for document in self._documents:
            frequency.update(document.keys())
        count = len(self._documents)
        # BM25's idf, floored at 0 so a word in most entries never counts against one.
        self._idf = {word: max(0.0, math.log((count - n + 0.5) / (n + 0.5) + 1)) for word, n in frequency.items()}
        # Typos are matched against the index's words and the Hinglish table's spellings.
        # Typos are corrected only to topic words (titles, keywords, the Hinglish table), not
        # to any word of the explanations ("paris" must not become "parts"), and only to one
        # sharing the first letter, which typos rarely hit ("paris" is not "aries").
        topic_words = {word for entry in entries for word in tokens(" ".join((entry.title, *entry.keywords)))}
        self._vocabulary: dict[str, list[str]] = {}
        for word in sorted(topic_words | set(NORMAL)):
            self._vocabulary.setdefault(word[0], []).append(word)
        self._phrases = [self._topic_phrases(entry) for entry in entries]

    @classmethod
    def load(cls) -> KnowledgeBase:
        return cls(load_knowledge())

    @staticmethod
    def _document(entry: Entry) -> Counter[str]:
        document: Counter[str] = Counter()
        for word in tokens(entry.title):
            document[word] += TITLE_WEIGHT
        for word in tokens(" ".join(entry.keywords)):
            document[word] += KEYWORD_WEIGHT
        document.update(tokens(entry.text))
        return document

    @staticmethod
    def _topic_phrases(entry: Entry) -> tuple[frozenset[str], ...]:
        phrases = (frozenset(tokens(phrase)) for phrase in (entry.title, *entry.keywords))
        return tuple(phrase for phrase in phrases if phrase and not phrase <= EVERYDAY_WORDS)

    def topic_score(self, index: int, terms: set[str]) -> float:
        found = set().union(*(phrase for phrase in self._phrases[index] if phrase <= terms))
        return sum(self._idf.get(word, 0.0) for word in found)

    def query_terms(self, question: str) -> list[str]:
        """The question's tokens, each unknown one replaced by its closest vocabulary word."""
        terms: list[str] = []
        for word in tokens(question):
            if word in self._idf or len(word) < FUZZY_MIN_LENGTH:
                terms.append(word)
                continue
            candidates = self._vocabulary.get(word[0], [])
            match = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
            terms.extend(tokens(match[0]) if match else [word])
        return terms

    def search(self, question: str, k: int = 3, *, min_score: float = 0.0) -> list[Hit]:
        """The k best entries for `question`, best first; entries that share no word are left
        out, and so are those whose topic score is below `min_score` (MIN_TOPIC_SCORE keeps
        only entries the question is about)."""
        terms = Counter(self.query_terms(question))
        asked = set(terms)
        scored: list[tuple[float, int]] = []
        for index, document in enumerate(self._documents):
            score = 0.0
            norm = K1 * (1 - B + B * self._lengths[index] / self._average_length)
            for term in terms:
                tf = document.get(term, 0)
                if tf:
                    score += self._idf[term] * tf * (K1 + 1) / (tf + norm)
            if score > 0:
                scored.append((score, index))
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        hits: list[Hit] = []
        for score, index in scored:
            topic = self.topic_score(index, asked)
            if topic >= min_score:
                hits.append(Hit(self.entries[index], score, topic))
                if len(hits) == k:
                    break
        return hits
