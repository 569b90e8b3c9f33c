"""Cutting a reply to a platform's length (channels/messaging/text.py): at the best
boundary, never losing, repeating or reordering a character."""

from __future__ import annotations

from channels.messaging.text import MAX_TEXT, split_text

SENTENCE = "Your Moon sits in Rohini, the star of growth and beauty, and Venus looks at it kindly."


def assert_cut_cleanly(text: str, pieces: list[str], limit: int) -> None:
    """Each piece fits, and the pieces are the text itself, in order, with only whitespace
    (the cut) between them: nothing lost, nothing repeated, nothing reordered."""
    assert pieces, "no pieces"
    position = 0
    text = text.strip()
    for piece in pieces:
        assert 0 < len(piece) <= limit
        assert piece == piece.strip()
        found = text.find(piece, position)
        assert found >= 0, f"piece not in the text after {position}: {piece[:40]!r}"
        assert text[position:found].strip() == "", f"lost {text[position:found]!r}"
        position = found + len(piece)
    assert position == len(text)


def paragraphs(count: int, sentences: int = 3) -> list[str]:
    return [f"{number}. " + " ".join([SENTENCE] * sentences) for number in range(1, count + 1)]


def test_a_short_text_is_one_piece_and_surrounding_whitespace_goes():
    assert split_text("  Namaste Priya!\n\n") == ["Namaste Priya!"]
    assert split_text("x" * MAX_TEXT) == ["x" * MAX_TEXT]
    assert split_text("") == []
    assert split_text(" \n ") == []


def test_a_long_reading_is_cut_between_paragraphs():
    parts = paragraphs(34)
    text = "\n\n".join(parts)
    assert 9000 <= len(text) <= 9500
    pieces = split_text(text)
    assert_cut_cleanly(text, pieces, MAX_TEXT)
    assert len(pieces) == 3
    for piece in pieces:
        assert piece.endswith("kindly."), "a piece ends inside a paragraph"
        # Every piece is whole paragraphs.
        assert all(paragraph in parts for paragraph in piece.split("\n\n"))
    # As full as whole paragraphs allow: the next paragraph would not have fitted.
    for piece, following in zip(pieces, pieces[1:], strict=False):
        assert len(piece) + 2 + len(following.split("\n\n")[0]) > MAX_TEXT


def test_without_paragraphs_the_cut_falls_between_lines():
    lines = [f"{hour:02d}:00 Rahu kaal is not here; the hour is good for a new beginning." for hour in range(200)]
    text = "\n".join(lines)
    pieces = split_text(text, limit=1000)
    assert_cut_cleanly(text, pieces, 1000)
    assert len(pieces) > 1
    for piece in pieces:
        assert all(line in lines for line in piece.split("\n")), "a line was cut in two"


def test_without_lines_the_cut_falls_after_a_sentence():
    text = " ".join(f"Sentence {number} tells of the planets!" if number % 3 else f"Sentence {number} ends here."
                    for number in range(300))
    pieces = split_text(text, limit=500)
    assert_cut_cleanly(text, pieces, 500)
    assert len(pieces) > 1
    assert all(piece.endswith((".", "!")) for piece in pieces)


def test_hindi_sentences_end_at_the_danda():
    sentence = "आज चंद्रमा रोहिणी नक्षत्र में है और शुक्र की दृष्टि शुभ है।"
    text = " ".join([sentence] * 120)
    pieces = split_text(text, limit=700)
    assert_cut_cleanly(text, pieces, 700)
    assert len(pieces) > 1
    assert all(piece.endswith("।") for piece in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_without_sentences_the_cut_falls_between_words():
    words = [f"graha{number}" for number in range(2000)]
    text = " ".join(words)
    pieces = split_text(text, limit=300)
    assert_cut_cleanly(text, pieces, 300)
    assert [word for piece in pieces for word in piece.split()] == words


def test_a_giant_word_is_cut_hard_at_the_limit():
    word = "ॐ" * 2500 + "z" * 2500
    pieces = split_text(word)
    assert pieces == [word[:MAX_TEXT], word[MAX_TEXT:]]


def test_a_giant_word_after_a_short_one_is_cut_hard_rather_than_leaving_a_tiny_piece():
    # A cut at the only space would leave a 3-character piece: the limit // 4 rule cuts inside the word.
    text = "Om " + "a" * 5000
    pieces = split_text(text)
    assert_cut_cleanly(text, pieces, MAX_TEXT)
    assert [len(piece) for piece in pieces] == [MAX_TEXT, len(text) - MAX_TEXT]


def test_emoji_and_devanagari_keep_every_character():
    paragraph = "🌙 चंद्रमा रोहिणी में 🌟 Venus smiles on you today ✨🪐. " * 12
    text = "\n\n".join([paragraph.strip()] * 20)
    pieces = split_text(text, limit=2000)
    assert_cut_cleanly(text, pieces, 2000)
    assert "".join("".join(pieces).split()) == "".join(text.split())
    assert sum(piece.count("🪐") for piece in pieces) == text.count("🪐")
