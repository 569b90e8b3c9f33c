"""The check every LLM reply passes before a user reads it.

The prompt asks the model to keep Luna's rules; this module does not trust it to. A reply
that leaks the rules, claims certainty about death, health, money or the law, sells a
remedy, states a placement the engine did not compute, speaks as another system, or is
empty or too long for a phone is refused, and the service answers from the knowledge base
instead. The problems are short codes, never quotes: they are logged, and a reply may
hold the user's chart.

The checks are patterns, so they are tuned to fail safe on the mistakes a misled or
careless model makes, in English and in Hinglish: a false alarm costs one knowledge-base
answer, a miss can cost a frightened user.
"""

from __future__ import annotations

import re
from functools import lru_cache

from luna.answers.chart_facts import ChartFacts
from luna.astrology import PLANETS, SIGNS
from luna.knowledge.retrieval import NORMAL

# A phone screen's worth: the prompt asks for about 120 words; three times that is a
# reply that ignored the rules (or a pasted document).
MAX_REPLY_CHARS = 1200
# Eight words in a row shared with the rules is a quotation, not a coincidence: the
# longest everyday phrases an astrology answer shares with them are shorter.
LEAK_RUN_WORDS = 8
# Past this length a reply with no astrology word at all is about something else; a
# short one may be a polite greeting or a refusal.
OFF_TOPIC_MIN_CHARS = 200

_RULES_MARKER = re.compile(r"luna\s+rules", re.IGNORECASE)
_DELIMITER = re.compile(r"<<<|>>>")
# The rules quote the model's expected words as examples ("your Saturn is in the 3rd
# house, in Sagittarius"): a reply that follows them is not a leak.
_QUOTED_EXAMPLE = re.compile(r'"[^"\n]*"')
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=4)
def _prompt_runs(system_prompt: str) -> frozenset[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for part in _QUOTED_EXAMPLE.split(system_prompt):
        words = _words(part)
        runs.update(tuple(words[i:i + LEAK_RUN_WORDS]) for i in range(len(words) - LEAK_RUN_WORDS + 1))
    return frozenset(runs)


def _leaks(reply: str, system_prompt: str) -> list[str]:
    problems = []
    runs = _prompt_runs(system_prompt)
    words = _words(reply)
    if any(tuple(words[i:i + LEAK_RUN_WORDS]) in runs for i in range(len(words) - LEAK_RUN_WORDS + 1)):
        problems.append("leak:prompt_words")
    if _RULES_MARKER.search(reply):
        problems.append("leak:marker")
    if _DELIMITER.search(reply):
        problems.append("leak:delimiter")
    return problems


# --- Denials: "no one can be certain you will die" is the rule kept, not broken. ---

_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|nothing|nobody|none|cannot|can't|cant|don't|dont|doesn't|won't|isn't|aren't|"
    r"shouldn't|without|neither|nor|avoid|beware|refuse|impossible)\b"
)
# Hindi puts the negation after the verb: "koi pakka nahi keh sakta".
_NEGATION_AFTER = re.compile(r"(?:\b(?:nahi|nahin|nahii|na|mat)\b|नहीं|मत)")
_CLAUSE_END = re.compile(r"[.!?;:\n]")
# A denial reaches only as far as its own clause ("No, you will die" denies nothing) and
# not through the sayings that only look like one.
_NEGATION_CLAUSE_END = re.compile(r"[.!?;:,\n]|\b(?:but|however|yet|though|although)\b")
_NOT_A_DENIAL = re.compile(r"\bno\s+(?:doubt|worries|worry|problem|question|matter)\b|\bnot\s+only\b")
NEGATION_WINDOW_WORDS = 6


def _clause_before(text: str, start: int) -> str:
    ends = list(_NEGATION_CLAUSE_END.finditer(text, 0, start))
    clause = _NOT_A_DENIAL.sub(" ", text[ends[-1].end() if ends else 0:start])
    return " ".join(clause.split()[-NEGATION_WINDOW_WORDS:])


def _clause_after(text: str, end: int) -> str:
    stop = _CLAUSE_END.search(text, end)
    return " ".join(text[end:stop.start() if stop else len(text)].split()[:NEGATION_WINDOW_WORDS])


def _asserted(pattern: re.Pattern[str], text: str, *, hindi: bool = False) -> bool:
    """Whether `pattern` occurs in `text` (lower case) other than in a denial."""
    for match in pattern.finditer(text):
        if _NEGATION_BEFORE.search(_clause_before(text, match.start())):
            continue
        if hindi and _NEGATION_AFTER.search(_clause_after(text, match.end())):
            continue
        return True
    return False


def _plain(text: str) -> str:
    return text.lower().replace("’", "'").replace("‘", "'")


# --- Certainty about death, health, money and legal matters. ---

_CERTAIN_EN = re.compile("|".join((
    r"\byou(?:'ll| will| are going to| shall)\s+(?:surely\s+|certainly\s+|definitely\s+)?die\b",
    r"\b(?:death|dying)\s+is\s+(?:certain|sure|guaranteed|inevitable|fixed|written)",
    r"\byour\s+death\s+(?:will|is going to|shall|is due)\b",
    r"\b(?:die|death|pass away)\b[^.!?\n]{0,25}\b(?:in|by|before|on)\s+(?:19|20)\d\d\b",
    r"\bguarantee(?:d|s)?\s+(?:to\b|profits?|cure|win|wins|success|returns?|recovery|results?|wealth|money|"
    r"a job|marriage|victory|that you)",
    r"\bi\s+guarantee\b",
    r"\b100\s*(?:%|percent|per cent)\s*(?:sure|certain|guaranteed|chance|accurate|cure)",
    r"\bit\s+is\s+(?:absolutely\s+|completely\s+)?certain\s+that\b",
    r"\byou(?:'ll| will)\s+(?:definitely|surely|certainly|undoubtedly)\s+(?:lose|get|win|be|become|make|earn|"
    r"suffer|fall|face|recover|go|have|marry|die|fail|pass|receive)\b",
    r"\bwill\s+(?:definitely\s+|surely\s+|certainly\s+)?(?:cure|heal)\s+(?:your|the|any|all)\b",
    r"\b(?:certain|sure)\s+to\s+(?:die|win|lose|fall ill|recover|get)\b",
    r"\b(?:without\s+(?:a|any)\s+doubt|no\s+doubt)\b[^.!?\n]{0,40}\byou(?:'ll|\s+will)\b",
)))
_CERTAIN_HI = re.compile("|".join((
    r"\bpakk[aie]\b(?!\s+kar)",
    r"\bzaroor\s+(?:maut|mrityu|mar|marenge|maroge|mrit)",
    r"\b(?:maut|mrityu)\s+(?:zaroor|nishchit|pakki|tay|tai|taye|likhi)\b",
    r"\bmar\s+ja(?:oge|enge|yenge|yega|yegi|ogi|aoge|ayenge|oge)\b",
    r"\b100\s*(?:pratishat|percent|%)",
    r"\bguarantee\s+(?:hai|h|deta|deti|dete|ke\s+saath|se)\b",
    r"\bnishchit\s+(?:roop|rup)\s+se\b",
    r"पक्का|पक्की|निश्चित|गारंटी|100\s*प्रतिशत|मृत्यु\s+तय|मौत\s+तय|मर\s+जाएंगे|मर\s+जाओगे",
)))


def _certainty(text: str) -> list[str]:
    if _asserted(_CERTAIN_EN, text) or _asserted(_CERTAIN_HI, text, hindi=True):
        return ["certainty"]
    return []


# --- Fear-selling: prices, urging to pay, urgency, a paid remedy with no free one. ---

_PRICE = re.compile(
    r"(?:₹|\brs\.?|\binr|\brupees?|\$|रुपये|रु\.)\s*\d|\b\d[\d,]*\s*(?:/-|rupees?\b|rs\b|inr\b|रुपये)"
)
_SELL = re.compile("|".join((
    r"\b(?:buy|purchase|khareed\w*|kharid\w*)\b",
    r"\border\s+(?:now|today|online|it|this|one|from)\b",
    r"\bpay\s+(?:now|for|me|us|a fee|the fee|online|only|dakshina|₹|rs|\d)",
    r"\bbook\b[^.!?\n]{0,30}\b(?:puja|pooja|havan|homa|anushthan|jaap|consultation|session|slot)",
    r"\b(?:puja|pooja|havan|homa|gemstone|yantra)\b[^.!?\n]{0,30}\b(?:immediately|urgently|right away|"
    r"turant|at once|asap)\b",
    r"\botherwise\b[^.!?\n]{0,40}\b(?:disaster|ruin|death|die|tragedy|accident|destroy|suffer|loss|bad luck)",
    r"\bor\s+else\b",
    r"\bbefore\s+it(?:'s|\s+is)\s+too\s+late\b",
    r"\bwarna\b[^.!?\n]{0,40}\b(?:barbaad|barbad|nuksaan|nuksan|anarth|maut|vinash|bura|tabah)",
    r"\blimited\s+(?:time|offer|slots)\b",
    r"\bact\s+(?:now|fast|quickly)\b",
    r"\bhurry\b",
)))
_PAID_REMEDY = re.compile(
    r"\b(?:wear|wearing|get|buy|perform|do|book|getting)\s+(?:a\s+|an\s+|the\s+|this\s+)?(?:\w+\s+)?"
    r"(?:gemstone|gem|ruby|pearl|coral|emerald|sapphire|diamond|hessonite|gomed|cat's eye|neelam|pukhraj|"
    r"manik|moti|panna|puja|pooja|yantra|havan|homa|anushthan)\b"
)
_FREE_REMEDY = re.compile(
    r"\b(?:mantra|mantras|chant\w*|pray\w*|prarthana|charity|donat\w*|daan|dan|fast|fasting|vrat|upvas|seva|"
    r"serv\w*|meditat\w*|discipline|jaap|japa|japam|feed\w*|diya|lamp|patience|stotra|chalisa|path|paath)\b"
)


def _fear_selling(text: str) -> list[str]:
    problems = []
    if _PRICE.search(text):
        problems.append("fear_selling:price")
    if _asserted(_SELL, text, hindi=True):
        problems.append("fear_selling:urging")
    if _asserted(_PAID_REMEDY, text) and not _FREE_REMEDY.search(text):
        problems.append("fear_selling:paid_remedy_without_free")
    return problems


# --- Claims about the user's chart, compared with the engine's facts. ---

def _alternation(names: dict[str, str]) -> str:
    return "|".join(sorted((re.escape(name) for name in names), key=len, reverse=True))


_PLANET_NAMES = {planet.lower(): planet for planet in PLANETS}
_PLANET_NAMES.update({word: NORMAL[word].capitalize() for word in NORMAL if NORMAL[word].capitalize() in PLANETS})
# The rashis by their Sanskrit names, in the Latin spellings people type.
_SIGN_NAMES = {sign.lower(): sign for sign in SIGNS}
for _sign, _spellings in zip(SIGNS, (
    "mesha mesh", "vrishabha vrishabh vrish", "mithuna mithun", "karka kark", "simha singh", "kanya",
    "tula", "vrishchika vrishchik", "dhanu dhanus", "makara makar", "kumbha kumbh", "meena meen",
), strict=True):
    _SIGN_NAMES.update(dict.fromkeys(_spellings.split(), _sign))
_ORDINALS = {f"{n}{'st' if n == 1 else 'nd' if n == 2 else 'rd' if n == 3 else 'th'}": n for n in range(1, 13)}
_ORDINALS.update({word: int(NORMAL[word]) for word in NORMAL if NORMAL[word].isdigit() and word != "ek"})

P = rf"(?P<planet>{_alternation(_PLANET_NAMES)})"
S = rf"(?P<sign>{_alternation(_SIGN_NAMES)})"
N = rf"(?P<house>{_alternation(_ORDINALS)})"
HOUSE_WORD = r"(?:house|bhava|bhav|ghar)"
LINK = (
    r"(?:\s+(?:is|was|sits|lies|stays|is\s+placed|placed|is\s+sitting|sitting|is\s+located|located|"
    r"is\s+posited|posited|is\s+(?:exalted|debilitated|retrograde|strong|weak)))?\s+(?:in|occupies)\s+"
)
_DASHA_KIND = r"(?P<kind>maha\s*dasha|maha\s*dasa|antar\s*dasha|antar\s*dasa|bhukti|dasha|dasa)"
_YOURS_HI = r"\b(?:aap|tum|tera|teri|tere)\w*\s+"

_HOUSE_CLAIMS = tuple(re.compile(pattern) for pattern in (
    rf"\byour\s+{P}{LINK}(?:the\s+|your\s+)?{N}\b",
    rf"\b{P}{LINK}your\s+{N}\b",
    rf"\byour\s+{N}\s+{HOUSE_WORD}\s+(?:has|holds|contains|hosts)\s+{P}\b",
    rf"{_YOURS_HI}{P}\s+{N}\s+{HOUSE_WORD}",
))
_SIGN_CLAIMS = tuple(re.compile(pattern) for pattern in (
    rf"\byour\s+{P}{LINK}(?:the\s+)?(?:sign\s+(?:of\s+)?)?(?:{N}\s+{HOUSE_WORD}\s*,?\s*(?:and\s+)?(?:in\s+)?)?{S}\b",
    rf"\byour\s+(?P<planet>sun|moon)\s+sign\s+is\s+{S}\b",
    rf"\byour\s+{S}\s+(?P<planet>sun|moon)\b",
    rf"{_YOURS_HI}{P}\s+{S}\s+(?:mein|me|में)",
))
_LAGNA_CLAIMS = tuple(re.compile(pattern) for pattern in (
    rf"\byour\s+(?:lagna|ascendant|rising\s+sign)(?:\s+sign)?\s+(?:is\s+(?:in\s+)?|falls\s+in\s+)?{S}\b",
    rf"\byour\s+{S}\s+(?:lagna|ascendant)\b",
    rf"\byou\s+(?:are|have)\s+(?:an?\s+)?{S}\s+(?:lagna|ascendant|rising)\b",
    rf"{_YOURS_HI}(?:lagna|lagn)\s+{S}\b",
))
_MOON_SIGN_CLAIMS = tuple(re.compile(pattern) for pattern in (
    rf"\byour\s+(?:moon\s+sign|moon-sign|rashi|rasi|chandra\s+rashi)\s+(?:is\s+)?{S}\b",
    rf"{_YOURS_HI}(?:rashi|rasi)\s+{S}\b",
))
_DASHA_CLAIMS = tuple(re.compile(pattern) for pattern in (
    rf"\b{P}\s+(?:ki\s+|ka\s+)?{_DASHA_KIND}\s+(?:is\s+|has\s+been\s+)?(?:currently\s+|now\s+|abhi\s+)?"
    r"(?:running|going\s+on|active|in\s+progress|ongoing|chal\s+rah)",
    rf"\byou(?:'re|\s+are)\s+(?:currently\s+|now\s+)?(?:running|in|under|going\s+through)\s+(?:the\s+|your\s+|a\s+)?"
    rf"{P}\s+{_DASHA_KIND}",
    rf"\byour\s+(?:current\s+|running\s+|present\s+)?{_DASHA_KIND}\s+(?:is\s+(?:of\s+|that\s+of\s+)?|lord\s+is\s+){P}\b",
    rf"\byour\s+(?:current|running|ongoing|present)\s+{P}\s+{_DASHA_KIND}",
))
# "The 10th house from your Moon" counts from the Moon, which needs no birth time.
_FROM_MOON = re.compile(rf"\s*(?:{HOUSE_WORD}\s+)?(?:counted\s+)?from\b")
_YOUR_HOUSE = re.compile(rf"\byour\s+{N}\s+{HOUSE_WORD}\b")
_TRANSIT_WORDS = re.compile(r"\b(?:transit\w*|gochar|currently|now|today|at present|this year|moving|abhi)\b")


def _sentence(text: str, match: re.Match[str]) -> str:
    ends = list(_CLAUSE_END.finditer(text, 0, match.start()))
    stop = _CLAUSE_END.search(text, match.end())
    return text[ends[-1].end() if ends else 0:stop.start() if stop else len(text)]


def _claims(patterns: tuple[re.Pattern[str], ...], text: str):
    for pattern in patterns:
        for match in pattern.finditer(text):
            if not _NEGATION_BEFORE.search(_clause_before(text, match.start())):
                yield match


def _claimed_house(match: re.Match[str], text: str) -> int | None:
    if _FROM_MOON.match(text, match.end()):
        return None
    return _ORDINALS[match.group("house")]


def _chart_contradictions(text: str, facts: ChartFacts | None) -> list[str]:
    if facts is None:
        # No chart: any statement about "your" placements came from the model's memory.
        if any(True for _ in _claims(_HOUSE_CLAIMS + _SIGN_CLAIMS + _LAGNA_CLAIMS + _MOON_SIGN_CLAIMS, text)):
            return ["chart:no_chart"]
        return []
    problems: list[str] = []
    natal = facts.data["planets"]
    today = facts.data["today"]["planets"]
    for match in _claims(_HOUSE_CLAIMS, text):
        house = _claimed_house(match, text)
        if house is None:
            continue
        actual = natal[_PLANET_NAMES[match.group("planet")]]["house"]
        if actual is None:
            problems.append("chart:house_without_birth_time")
        elif house != actual:
            problems.append("chart:house")
    if not facts.time_known and any(
        _claimed_house(match, text) is not None for match in _claims((_YOUR_HOUSE,), text)
    ):
        problems.append("chart:house_without_birth_time")
    for match in _claims(_SIGN_CLAIMS, text):
        planet = _PLANET_NAMES[match.group("planet")]
        sign = _SIGN_NAMES[match.group("sign")]
        in_transit = _TRANSIT_WORDS.search(_sentence(text, match)) and today[planet]["sign"] == sign
        if sign != natal[planet]["sign"] and not in_transit:
            problems.append("chart:sign")
        if "house" in match.groupdict() and match.group("house"):
            house = _ORDINALS[match.group("house")]
            if natal[planet]["house"] is not None and house != natal[planet]["house"]:
                problems.append("chart:house")
    for match in _claims(_LAGNA_CLAIMS, text):
        if facts.lagna_sign is None:
            problems.append("chart:lagna_without_birth_time")
        elif _SIGN_NAMES[match.group("sign")] != facts.lagna_sign:
            problems.append("chart:lagna")
    for match in _claims(_MOON_SIGN_CLAIMS, text):
        if _SIGN_NAMES[match.group("sign")] != facts.moon_sign:
            problems.append("chart:moon_sign")
    for match in _claims(_DASHA_CLAIMS, text):
        if not _dasha_agrees(_PLANET_NAMES[match.group("planet")], match.group("kind"), facts.dasha):
            problems.append("chart:dasha")
    return list(dict.fromkeys(problems))


def _dasha_agrees(planet: str, kind: str, dasha: dict) -> bool:
    maha = (dasha.get("mahadasha") or {}).get("lord")
    antar = (dasha.get("antardasha") or {}).get("lord")
    kind = kind.replace(" ", "")
    if kind.startswith("maha"):
        return planet == maha
    if kind.startswith("antar") or kind == "bhukti":
        return planet == antar
    return planet in (maha, antar)


# --- Speaking as something other than Luna, about something other than astrology. ---

_OTHER_SYSTEM = re.compile("|".join((
    r"\bas\s+an\s+ai(?:\s+language)?\s+model\b",
    r"\bas\s+a\s+(?:large\s+)?language\s+model\b",
    r"\bi(?:'m|\s+am)\s+(?:chatgpt|gpt-?\d|an?\s+openai|claude|gemini|llama)",
    r"\b(?:developed|trained|created|made)\s+by\s+(?:openai|anthropic|google|meta)\b",
    r"\bdo\s+anything\s+now\b",
    r"\b(?:developer|dan|god|jailbreak|unrestricted)\s+mode\b",
    r"\bjailbr(?:eak|oken)\b",
)))
# Upper case only: "dan" is also how Hinglish writes daan, charity.
_DAN = re.compile(r"\bDAN\b")
_CODE = re.compile(r"```|^\s*(?:def\s+\w+\s*\(.*\)\s*:|import\s+[\w.]+\s*$|from\s+[\w.]+\s+import\s)", re.MULTILINE)
_ASTROLOGY_WORDS = re.compile(
    r"\b(?:astrolog\w*|jyotish\w*|chart|charts|kundli|kundali|horoscope\w*|planet\w*|graha|house|houses|bhava|"
    r"sign|signs|rashi|rasi|lagna|ascendant|nakshatra\w*|dasha\w*|dasa|transit\w*|gochar|sade\s+sati|"
    r"manglik|dosha|dosh|yoga|remed\w*|upay\w*|mantra\w*|zodiac|birth)\b|ग्रह|कुंडली|राशि|लग्न|दशा|नक्षत्र|ज्योतिष"
)
_ASTROLOGY_NAMES = re.compile(rf"\b(?:{_alternation(_PLANET_NAMES)}|{_alternation(_SIGN_NAMES)})\b")


def _off_role(reply: str, text: str) -> list[str]:
    problems = []
    if _OTHER_SYSTEM.search(text) or _DAN.search(reply):
        problems.append("off_role:other_system")
    if _CODE.search(reply):
        problems.append("off_role:code")
    if len(reply) > OFF_TOPIC_MIN_CHARS and not (_ASTROLOGY_WORDS.search(text) or _ASTROLOGY_NAMES.search(text)):
        problems.append("off_role:not_astrology")
    return problems


def reply_problems(reply: str, *, system_prompt: str, facts: ChartFacts | None) -> list[str]:
    """What is wrong with `reply` for Luna to send (short codes, no quotes); empty when fine."""
    reply = (reply or "").strip()
    if not reply:
        return ["empty"]
    text = _plain(reply)
    problems = ["too_long"] if len(reply) > MAX_REPLY_CHARS else []
    problems += _leaks(reply, system_prompt)
    problems += _certainty(text)
    problems += _fear_selling(text)
    problems += _chart_contradictions(text, facts)
    problems += _off_role(reply, text)
    return problems
