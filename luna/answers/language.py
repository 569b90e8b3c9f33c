"""Which language and register a message is written in, so the answer can follow it:
"hi" (Hindi in Devanagari), "hinglish" (Hindi in Latin letters) or "en".

Hinglish is told from English by its grammar words (kya, hai, meri, kab, hogi ...), not by
astrology words: "what is shani dosh" is English with Hindi terms, as Indian English is
written, while "meri shaadi kab hogi" is Hindi. Measured on tests/answers/test_language.py.
"""

from __future__ import annotations

import re

# Hindi grammar and everyday words as written in Latin letters. Left out on purpose: words
# that are also English ("me", "to", "main", "he"), and nouns Indian English borrows
# ("shaadi", "naukri") as it does astrology terms.
HINGLISH_WORDS = frozenset(
    """
    kya kyaa kia hai hain ho hoga hogi hoge hota hoti hote hua hui hue tha thi
    mera meri mere mujhe mujhko mai hum hamara hamari humara apna apni apne aap aapka aapki aapke tum
    tumhara tera teri kab kaise kaisa kaisi kaun kaunsa kaunsi konsa konsi kitna kitne kitni kahan kyun
    kyon kyu kyunki ki ka ke ko mein mei se par aur bhi toh nahi nahin nhi na haan ji
    batao bataiye bataye bataiyee bolo samjhao chahiye chaiye karu karun karna karne kare karein karo
    raha rahi rahe chal chalu shuru khatam hoon hu hun tak jab abhi aaj kal saal mahina din
    wala wali wale kuch koi yeh ye woh wo vo agar lekin phir
    achha accha acha theek thik sahi galat zyada jyada kam bahut bohot sakta sakti sakte milega milegi
    dikhao dekho bata dijiye kijiye
    """.split()
)
# Below this share of Hindi grammar words a message reads as English with a Hindi word or two
# ("when will my shaadi happen"); measured on the test sentences.
HINGLISH_SHARE = 0.2
_DEVANAGARI_WORD = re.compile(r"[\u0900-\u097F]+")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def detect_language(text: str) -> str:
    """"hi", "hinglish" or "en" for a user's message; "en" when there are no words."""
    devanagari = _DEVANAGARI_WORD.findall(text)
    latin = [word.lower() for word in _LATIN_WORD.findall(text)]
    if devanagari and len(devanagari) >= len(latin):
        return "hi"
    hindi_words = sum(word in HINGLISH_WORDS for word in latin)
    if hindi_words >= 2 or (latin and hindi_words / len(latin) >= HINGLISH_SHARE):
        return "hinglish"
    # A few Devanagari words among English ones still mean the person reads Hindi.
    return "hinglish" if devanagari and hindi_words else "en"
