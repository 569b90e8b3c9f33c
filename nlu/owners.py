"""Whose birth details a message gives: the user's own, or a partner's.

"I'm the girl, check my match with Rohan born 3/3/1991 at 8:00 am in Indore" carries
one person's details, and they are not the user's. The model tags the name, date, time
and place; this module gives each of them the role `partner` when the words before it
point at the other person ("with", "her", "bride", "mera hone wala pati"), so that the
domain's slot mappings put them in the partner's slots and never in the profile.

Pure Python (no Rasa import) so the rules are tested on their own; the pipeline
component in `nlu.detail_owner` applies them to every parsed message.
"""

from __future__ import annotations

import re
from typing import Any

PARTNER = "partner"
OWNED_ENTITIES = frozenset({"name", "date", "time", "place"})
# Messages that ask for matching; in them "with", "he" and "her" point at the partner.
MATCHING_INTENT = "ask_compatibility"
_MATCHING_WORDS = re.compile(
    r"\b(match\w*|milan|milao|milana|milaa\w*|compat[ai]\w*|guna?s?|ashta\s?koo?ta?|jodi|jodee|koota)\b",
    re.IGNORECASE,
)
# The other person, named by relation: these mark a partner whatever the request.
_PARTNER_NOUNS = (
    r"partner'?s?|fianc[ée]e?'?s?|husband'?s?|wife'?s?|boy\s?friend'?s?|girl\s?friend'?s?|bf'?s?|gf'?s?|"
    r"bride'?s?|groom'?s?|spouse'?s?|pati|patni|mangetar|dulh[ae]n?|ladk[ae]|ladki|"
    # "to-be" only hyphenated: "how's it going to be?" names nobody.
    r"hone\s+wal[aei]|would-be|to-be|prospective|hubby|wifey"
)
_PARTNER_NOUN = re.compile(rf"\b({_PARTNER_NOUNS})\b", re.IGNORECASE)
# In a matching message these also point at the other person.
_PARTNER_WORDS = re.compile(
    rf"\b({_PARTNER_NOUNS}|with|he|she|her|hers|his|him|uska|uski|uske|unka|unki|unke|girl|boy)\b",
    re.IGNORECASE,
)
# After a name: "Rohan se milao", "Neha ke saath", "Rohan ki kundli".
_PARTNER_AFTER = re.compile(r"^\s*(se|ke\s+saath|ke\s+sath|ki\s+kundli|ka\s+kundli)\b", re.IGNORECASE)
# The user speaking of themselves; "I'm the girl" says which side they are, not who the partner is.
_SELF_SIDE = re.compile(
    r"\b(i['’]?m|i\s+am|im|main|mai|me)\s+(the\s+|a\s+)?(girl|boy|bride|groom|ladki|ladka|dulhan|dulha|"
    r"female|male|woman|man)\b(\s+(hoon|hu|h|hai))?",
    re.IGNORECASE,
)
_SELF_WORDS = re.compile(r"\b(i|i'm|im|i am|me|my|mine|myself|main|mai|mera|meri|mere|mujhe|apna|apni)\b",
                         re.IGNORECASE)


def _cues(text: str, matching: bool) -> list[tuple[int, str]]:
    """(position, owner) for every word that says whose details follow, in order."""
    cues: list[tuple[int, str]] = []
    masked = text
    for found in _SELF_SIDE.finditer(text):
        cues.append((found.start(), "self"))
        masked = masked[:found.start()] + " " * (found.end() - found.start()) + masked[found.end():]
    partner_words = _PARTNER_WORDS if matching else _PARTNER_NOUN
    cues += [(found.start(), PARTNER) for found in partner_words.finditer(masked)]
    cues += [(found.start(), "self") for found in _SELF_WORDS.finditer(masked)]
    return sorted(cues)


def is_partner_message(text: str, intent: str | None) -> bool:
    """Whether the message speaks of another person at all."""
    return bool(intent == MATCHING_INTENT or _MATCHING_WORDS.search(text) or _PARTNER_NOUN.search(text)
                or _SELF_SIDE.search(text))


def assign_owners(text: str, entities: list[dict[str, Any]], intent: str | None) -> list[dict[str, Any]]:
    """The entities with `role: partner` on the partner's details; the user's stay as they are.

    Each detail belongs to whoever the last cue before it points at. Details before any
    cue belong to the partner when the message asks for a match ("Rohan 3/3/1991 Indore,
    match karo") or complete the partner's ("Ira, she was born on ..."), unless a later
    cue hands the same kinds of details to the partner ("Priya 1/1/1990 Delhi, match me
    with Rohan ..."), in which case the leading ones are the user's.
    A relation word the model took for a name or a town ("Bride", "pati") is dropped.
    """
    if not text or not is_partner_message(text, intent):
        return entities
    # "I'm the boy" says the message is about a match as plainly as "match" does.
    matching = intent == MATCHING_INTENT or bool(_MATCHING_WORDS.search(text) or _SELF_SIDE.search(text))
    cues = _cues(text, matching)
    cues += _names_before_postpositions(text, entities)
    cues.sort()
    kept = [e for e in entities if not _is_relation_word(e)]
    owners = {}
    for index, entity in enumerate(kept):
        if entity.get("entity") not in OWNED_ENTITIES or not isinstance(entity.get("start"), int):
            continue
        before = [owner for position, owner in cues if position <= entity["start"]]
        owners[index] = before[-1] if before else None
    partner_kinds = {kept[i]["entity"] for i, owner in owners.items() if owner == PARTNER}
    leading_kinds = {kept[i]["entity"] for i, owner in owners.items() if owner is None}
    if partner_kinds:
        # "Ira, she was born on ...": the leading name completes the partner's details;
        # "Priya 1/1/1990, match me with Rohan 3/3/1991": a second set is the user's.
        leading = "self" if leading_kinds & partner_kinds or not matching else PARTNER
    else:
        # Only words that ask for a match make uncued details the partner's: "Ritu" alone,
        # answering "what's your name?", is the user's name whatever intent it was given.
        leading = PARTNER if _MATCHING_WORDS.search(text) else "self"
    result = []
    for index, entity in enumerate(kept):
        owner = owners.get(index, "self")
        if owner is None:
            owner = leading
        result.append({**entity, "role": PARTNER} if owner == PARTNER else entity)
    return result


def _names_before_postpositions(text: str, entities: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """"Rohan se milao": the name before "se" is the partner's."""
    return [(e["start"], PARTNER) for e in entities
            if e.get("entity") == "name" and isinstance(e.get("end"), int) and _PARTNER_AFTER.match(text[e["end"]:])]


def _is_relation_word(entity: dict[str, Any]) -> bool:
    value = str(entity.get("value") or "").strip()
    return entity.get("entity") in ("name", "place") and bool(_PARTNER_NOUN.fullmatch(value))
