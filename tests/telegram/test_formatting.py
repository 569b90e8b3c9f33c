"""Luna's replies in Telegram's terms (channels/telegram/formatting.py): texts cut at the best
boundary and never losing a character, HTML escaped so Telegram shows what Luna wrote, a
heading in bold, buttons laid out for a phone."""

from __future__ import annotations

import asyncio

import telegram
from telegram.constants import ParseMode

from channels.telegram.formatting import (
    MAX_CALLBACK_DATA,
    MAX_TEXT,
    fits_callback_data,
    inline_keyboard,
    split_text,
    to_html,
)

PRIYA = 700000001
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


def test_to_html_escapes_what_telegram_would_read_as_markup():
    assert to_html("Mars <3 & Venus > Saturn") == "Mars &lt;3 &amp; Venus &gt; Saturn"
    assert to_html('She said "yes" & it\'s fine') == "She said \"yes\" &amp; it's fine"
    assert to_html("<b>not bold</b>") == "&lt;b&gt;not bold&lt;/b&gt;"


def test_a_short_first_line_over_more_text_is_a_bold_heading():
    assert to_html("🌙 Priya's kundli\nLagna: Leo <Simha>") == "<b>🌙 Priya's kundli</b>\nLagna: Leo &lt;Simha&gt;"
    assert to_html("Panchang & more\n\nTithi: Shukla Panchami") == (
        "<b>Panchang &amp; more</b>\n\nTithi: Shukla Panchami"
    )


def test_words_between_single_asterisks_in_luna_s_content_are_bold_and_arithmetic_is_not():
    assert to_html("or type *help* to see what I can do.") == "or type <b>help</b> to see what I can do."
    assert to_html("*Mars & Venus*") == "<b>Mars &amp; Venus</b>"
    assert to_html("2 * 3 * 4 = 24") == "2 * 3 * 4 = 24"
    assert to_html("**x** and x*y*z and a lone *") == "**x** and x*y*z and a lone *"


def test_no_heading_for_one_line_a_sentence_a_long_line_or_nothing_under_it():
    assert to_html("Namaste Priya") == "Namaste Priya"
    assert to_html("Namaste Priya\n   ") == "Namaste Priya\n   "
    assert to_html("Your Moon is in Rohini.\nThat is lovely.") == "Your Moon is in Rohini.\nThat is lovely."
    assert to_html("Here is what I found:\nA lot.") == "Here is what I found:\nA lot."
    long_line = "A first line that goes on well past what any heading would ever be"
    assert len(long_line) > 60
    assert to_html(f"{long_line}\nmore") == f"{long_line}\nmore"
    assert to_html("\nOnly the rest") == "\nOnly the rest"


def test_escaped_replies_arrive_intact_through_an_html_parsing_bot_api(bot_api):
    replies = [
        "Mars <3 & Venus > Saturn",
        "🌙 Your chart & mine\nLagna <Leo>, Moon > Sun? 5 < 7 & a&b;",
        "AT&T <script>alert(1)</script> &amp; stays &amp;",
    ]

    async def send():
        async with telegram.Bot(bot_api.token, base_url=f"{bot_api.url}/bot") as bot:
            return [await bot.send_message(PRIYA, to_html(text), parse_mode=ParseMode.HTML) for text in replies]

    messages = asyncio.run(send())
    assert [message.text for message in messages] == replies
    assert messages[0].entities == ()
    assert messages[1].entities == (telegram.MessageEntity("bold", 0, len("🌙 Your chart & mine") + 1),)
    assert bot_api.sent_texts(PRIYA) == replies


def test_short_titles_go_two_to_a_row():
    keyboard = inline_keyboard([("Today", "/ask_horoscope"), ("Tomorrow", "t"), ("My dasha", "/ask_dasha")])
    rows = keyboard.inline_keyboard
    assert [[button.text for button in row] for row in rows] == [["Today", "Tomorrow"], ["My dasha"]]
    assert [[button.callback_data for button in row] for row in rows] == [["/ask_horoscope", "t"], ["/ask_dasha"]]


def test_one_long_title_puts_every_button_on_its_own_row():
    keyboard = inline_keyboard([("Yes", "/affirm"), ("Tell me about my career this year", "/ask_prediction")])
    assert [[button.text for button in row] for row in keyboard.inline_keyboard] == [
        ["Yes"], ["Tell me about my career this year"]
    ]


def test_no_buttons_no_keyboard_and_titles_are_capped():
    assert inline_keyboard([]) is None
    keyboard = inline_keyboard([("x" * 100, "/help")])
    assert keyboard.inline_keyboard[0][0].text == "x" * 64


def test_callback_data_fits_in_64_bytes_not_characters():
    assert fits_callback_data("/ask_dasha")
    assert fits_callback_data("a" * MAX_CALLBACK_DATA)
    assert not fits_callback_data("a" * (MAX_CALLBACK_DATA + 1))
    assert not fits_callback_data("")
    assert not fits_callback_data("ज" * 22)  # 22 characters, 66 bytes
    assert fits_callback_data("ज" * 21)
