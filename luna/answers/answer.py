"""What answering a question produces, whoever wrote the words."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Answer:
    text: str
    # "llm": the model's words, checked; "knowledge": the content designers' words (no key,
    # every provider down, budget spent, or a reply that failed its check); "unknown": an
    # honest "I can't answer that" (nothing in the knowledge base is about the question).
    via: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    sources: tuple[str, ...] = field(default_factory=tuple)  # the knowledge entries' classical sources
