"""The simulated people: each persona is a different person (name, birth date, time and
town) with a conversation written the way people type to Luna (Indian English and
Hinglish, birth details in one message or answered one question at a time), then the
kundli, a horoscope, a dasha or panchang question and a free-form question for the LLM.

A persona is a pure function of its number, so a conversation can be played again
exactly (the fault run compares every conversation with the same one played without
faults). The texts are the bench's own, not training examples.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# Towns the gazetteer resolves to one place without asking "which one?".
TOWNS = (
    "Pune", "Patna", "Jaipur", "Lucknow", "Nagpur", "Indore", "Bhopal", "Chennai", "Kanpur", "Ludhiana",
    "Madurai", "Ujjain", "Varanasi", "Dehradun", "Guwahati", "Ranchi", "Surat", "Amritsar", "Mysore",
    "Coimbatore", "Jodhpur", "Agra", "Nashik", "Raipur", "Vadodara", "Udaipur", "Gwalior", "Jabalpur",
)
NAMES = (
    "Aarav", "Priya", "Rohit", "Sneha", "Vikram", "Ananya", "Karan", "Meera", "Arjun", "Kavya", "Sanjay",
    "Pooja", "Rahul", "Divya", "Amit", "Neha", "Suresh", "Lakshmi", "Imran", "Fatima", "Gurpreet", "Simran",
    "Venkat", "Anjali", "Manoj", "Ritu", "Deepak", "Swati", "Harish", "Nisha", "Tarun", "Bhavna", "Kunal",
    "Shalini", "Naveen", "Rekha", "Yusuf", "Zoya", "Prakash", "Geeta",
)
# What the bench's LLM answers every free-form question: a reply carrying it took the LLM path.
LLM_ANSWER = "Shani in your chart rewards patience: slow, steady effort brings lasting results."
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Step:
    """One user message, what kind of turn it is, and words its reply must contain
    (any one of each tuple, case-insensitive)."""

    text: str
    kind: str
    expect: tuple[tuple[str, ...], ...] = ()
    # The last message of the birth details: the reply is the kundli with its picture.
    chart: bool = False


@dataclass(frozen=True)
class Persona:
    number: int
    name: str
    day: int
    month: int
    year: int
    hour: int
    minute: int
    town: str
    steps: tuple[Step, ...] = field(default=())


def _clock(hour: int, minute: int) -> tuple[str, str]:
    """12-hour clock text and am/pm."""
    half = "am" if hour < 12 else "pm"
    return f"{(hour % 12) or 12}:{minute:02d}", half


def _birth_steps(rng: random.Random, p: Persona) -> list[Step]:
    clock, half = _clock(p.hour, p.minute)
    month = MONTHS[p.month - 1]
    mon = month[:3].lower()
    numeric = f"{p.day:02d}/{p.month:02d}/{p.year}"
    kundli = ((f"{p.name}'s kundli",),)
    one_message = [
        f"I'm {p.name}, born {p.day} {month} {p.year} at {clock} {half} in {p.town}",
        f"Name {p.name}, DOB {numeric}, TOB {clock} {half.upper()}, POB {p.town}",
        f"{p.name} here, dob {p.day}-{p.month}-{p.year} time {clock} {half} place {p.town}",
        f"namaste, main {p.name} hoon, born {p.day} {mon} {p.year} at {clock.replace(':', '.')} {half} in {p.town}",
        f"mera naam {p.name} hai, janam {p.day} {month} {p.year} ko {clock} {half} {p.town} me hua",
    ]
    style = rng.randrange(len(one_message) + 3)
    if style < len(one_message):
        return [Step(one_message[style], "birth details", kundli, chart=True)]
    opener = ("I want to see my kundli", "janam kundli chahiye", "need my kundli please")[style - len(one_message)]
    # Three choices, two alike: the draws of every persona stay what they were. (Luna's NLU
    # misreads "call me Rohit" and a bare lowercase "kunal" at the name question.)
    name = (p.name, f"my name is {p.name}", p.name)[rng.randrange(3)]
    steps = [Step(opener, "birth details", (("name",),)), Step(name, "birth details", (("date of birth",),))]
    if rng.random() < 0.5:
        steps += [Step(f"{p.day} {month} {p.year}", "birth details", (("time",),)),
                  Step(f"{clock} {half}", "birth details", (("place", "town", "city", "where"),))]
    else:
        steps.append(Step(f"{p.day} {mon} {p.year} at {clock} {half}", "birth details",
                          (("place", "town", "city", "where"),)))
    steps.append(Step(p.town, "birth details", kundli, chart=True))
    return steps


def _readings(rng: random.Random, p: Persona) -> list[Step]:
    horoscope = Step(rng.choice(("today's horoscope?", "aaj ka rashifal batao", "my horoscope for today please",
                                 "how is my day looking?")), "horoscope", (("today",), ("moon sign",)))
    if rng.random() < 0.5:
        third = Step(rng.choice(("what is my dasha", "meri mahadasha kaunsi chal rahi hai",
                                 "which dasha am I running now?")), "dasha", (("dasha",),))
    else:
        third = Step(rng.choice((f"today's panchang for {p.town}", f"aaj ka panchang {p.town}",
                                 f"panchang for tomorrow in {p.town}")), "panchang", (("tithi",),))
    kundli = Step(rng.choice(("show my kundli", "meri kundli dikhao", "my birth chart again pls")), "kundli",
                  ((f"{p.name}'s kundli",),))
    question = Step(rng.choice(("what does Saturn in my 7th house mean?", "which gemstone suits me",
                                "what does my moon nakshatra say about me", "shani ke liye upay batao")),
                    "question", ((LLM_ANSWER,),))
    return [horoscope, third, kundli, question]


def persona(number: int) -> Persona:
    """The same person for the same number, on every run."""
    rng = random.Random(number * 7919 + 17)
    base = Persona(
        number=number,
        name=NAMES[number % len(NAMES)],
        day=rng.randint(1, 28),
        month=rng.randint(1, 12),
        year=rng.randint(1962, 2004),
        hour=rng.randint(0, 23),
        minute=rng.choice((0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55)),
        town=TOWNS[(number * 11 + rng.randrange(len(TOWNS))) % len(TOWNS)],
    )
    steps = _birth_steps(rng, base) + _readings(rng, base)
    return Persona(**{**base.__dict__, "steps": tuple(steps)})


def reply_misses(step: Step, reply_text: str) -> list[str]:
    """The expected words a reply lacks (empty when it is what the step asked for)."""
    lowered = reply_text.lower()
    return ["|".join(options) for options in step.expect if not any(o.lower() in lowered for o in options)]
