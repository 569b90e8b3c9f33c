"""The language and register of a message (luna/answers/language.py), on sentences as
people write them to Luna: English (Indian English with Hindi astrology terms included),
Hinglish, and Hindi in Devanagari, with mixed ones in each group."""

from __future__ import annotations

import pytest

from luna.answers.language import detect_language

ENGLISH = [
    "is my sade sati over",
    "what does saturn in 7th house mean",
    "which gemstone suits me",
    "am i manglik",
    "what is my lagna",
    "tell me about my moon sign",
    "when will my shaadi happen",  # English with one Hindi word
    "what is shani dosh",  # Hindi terms in an English sentence
    "do I have kaal sarp yog",
    "should I wear neelam",
    "what is vimshottari dasha",
    "which mahadasha is running now",
    "is rahu in my 10th house good for career",
    "what remedies can I do for saturn",
    "is mangal dosha bad for marriage",
    "my rashi is mithun what does it mean",
    "what's the capital of France",
    "hello",
    "Thanks a lot!",
    "Please tell me about gajakesari yoga",
    "what is navamsa chart",
    "is my jupiter retrograde",
    "is mangal dosh ka effect real? please explain it for my chart",  # one Hindi grammar word in eleven
    "explain guna milan to me",
    "what is my nakshatra",
    "does the moon in 4th house give peace",
    "what is my राशि",  # one Devanagari word in English
    "",
]
HINGLISH = [
    "meri kundli mein manglik dosh hai kya",
    "saade saati kab khatam hogi",
    "shani ki mahadasha kaisi hoti hai",
    "koi upay batao",
    "meri shaadi kab hogi",
    "kya main manglik hu",
    "mera lagna kya hai",
    "meri rashi kya hai",
    "vakri grah kya hota hai",
    "kundli milan kaise hota hai",
    "mujhe kaunsa ratna pehnna chahiye",
    "naukri kab milegi",
    "shani saatve ghar mein kya karta hai",
    "mera nakshatra batao",
    "kaal sarp dosh hai ya nahi",
    "rahu ki dasha chal rahi hai kya",
    "mere liye kya upay hai",
    "sade sati ka asar kab tak rahega",
    "guru chauthe ghar mein accha hai kya",
    "mangal dosh ka upay batao please",
    "my sade sati kab khatam hogi",  # mixed: an English word in Hindi
    "what is my rashi bataiye",  # mixed: share of Hindi words reaches a quarter
    "Kya mera career accha rahega?",
    "neelam pehnu ya nahi",
    "mera राशि kya hai",  # one Devanagari word in Hinglish
    "aaj ka din kaisa hai",
]
HINDI = [
    "मेरी कुंडली में मांगलिक दोष है क्या",
    "साढ़े साती कब खत्म होगी",
    "शनि की महादशा कैसी होती है",
    "कोई उपाय बताओ",
    "मेरी शादी कब होगी",
    "क्या मैं मांगलिक हूँ",
    "मेरा लग्न क्या है",
    "मेरी राशि क्या है",
    "वक्री ग्रह क्या होता है",
    "कुंडली मिलान कैसे होता है",
    "मुझे कौन सा रत्न पहनना चाहिए",
    "नौकरी कब मिलेगी",
    "शनि सातवें घर में क्या करता है",
    "मेरा नक्षत्र बताओ",
    "काल सर्प दोष है या नहीं",
    "राहु की दशा चल रही है क्या",
    "गजकेसरी योग क्या है",
    "नवांश कुंडली क्या है",
    "मेरी kundli में manglik dosh है क्या",  # mixed: Devanagari words outnumber Latin ones
    "सूर्य दसवें भाव में",
    "गुरु चौथे घर में अच्छा है क्या?",
    "मेरा करियर कैसा रहेगा",
    "धन्यवाद",
    "नमस्ते, मेरी shaadi कब होगी",
    "साढ़े साती का उपाय",
    "मंगल दोष का निवारण",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", HINGLISH)
def test_hinglish(text: str) -> None:
    assert detect_language(text) == "hinglish"


@pytest.mark.parametrize("text", HINDI)
def test_hindi(text: str) -> None:
    assert detect_language(text) == "hi"


def test_each_kind_is_measured_on_enough_sentences() -> None:
    assert min(len(ENGLISH), len(HINGLISH), len(HINDI)) >= 25
