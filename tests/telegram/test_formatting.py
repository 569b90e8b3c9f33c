"""Luna's replies in Telegram's terms (channels/telegram/formatting.py): HTML escaped so
Telegram shows what Luna wrote, a heading in bold, buttons laid out for a phone."""

from __future__ import annotations

import asyncio

import telegram
from telegram.constants import ParseMode

from channels.telegram.formatting import (
    MAX_CALLBACK_DATA,
    fits_callback_data,
    inline_keyboard,
    to_html,
)

PRIYA = 700000001
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
