"""parse_mode=HTML as the Bot API applies it (tdlib's parse_html): the tags it knows, the
entities it decodes, the text and entities the sent Message carries, and its error wording.

Telegram lets a bare `&` through as text (only &lt; &gt; &amp; &quot; and numeric references
are decoded); a bare `<` starts a tag, so "1 < 2" is refused as an unsupported start tag "".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ENTITY_OF_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",  # only with class="tg-spoiler"
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED_REFERENCES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
REFERENCE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
ATTRIBUTE = re.compile(r"""\s*([a-zA-Z-]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""")


class HtmlEntityError(ValueError):
    """The text is not valid Bot API HTML; str() is tdlib's message."""


@dataclass
class ParsedText:
    text: str
    entities: list[dict] = field(default_factory=list)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> ParsedText:
    """The plain text and MessageEntity list Telegram makes of `source`, or HtmlEntityError."""
    out: list[str] = []
    offset16 = 0  # entity offsets are in UTF-16 code units, like Telegram's
    open_tags: list[tuple[str, int, dict]] = []
    entities: list[dict] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            reference = REFERENCE.match(source, i)
            decoded = _decode_reference(reference) if reference else None
            if decoded is not None:
                out.append(decoded)
                offset16 += utf16_length(decoded)
                i = reference.end()
                continue
        if char != "<":
            out.append(char)
            offset16 += utf16_length(char)
            i += 1
            continue
        byte_offset = len(source[:i].encode("utf-8"))
        if source.startswith("</", i):
            end = source.find(">", i)
            if end < 0:
                raise HtmlEntityError(f"Unclosed end tag at byte offset {byte_offset}")
            name = source[i + 2 : end].strip().lower()
            if not open_tags:
                raise HtmlEntityError(f"Unexpected end tag at byte offset {byte_offset}")
            open_name, start16, attributes = open_tags.pop()
            if name != open_name:
                raise HtmlEntityError(
                    f'Unmatched end tag at byte offset {byte_offset}, expected "</{open_name}>", found "</{name}>"'
                )
            entity = _entity(open_name, attributes, start16, offset16 - start16)
            if entity:
                entities.append(entity)
            i = end + 1
            continue
        j = i + 1
        while j < len(source) and not source[j].isspace() and source[j] != ">":
            j += 1
        if j >= len(source):
            raise HtmlEntityError(f"Unclosed start tag at byte offset {byte_offset}")
        name = source[i + 1 : j].lower()
        if name not in ENTITY_OF_TAG:
            raise HtmlEntityError(f'Unsupported start tag "{name}" at byte offset {byte_offset}')
        end = source.find(">", j)
        if end < 0:
            raise HtmlEntityError(f"Unclosed start tag at byte offset {byte_offset}")
        attributes = {
            match.group(1).lower(): next((g for g in match.groups()[1:] if g is not None), "")
            for match in ATTRIBUTE.finditer(source[j:end])
            if match.group(1)
        }
        if name == "span" and attributes.get("class") != "tg-spoiler":
            raise HtmlEntityError(f'Unsupported start tag "span" at byte offset {byte_offset}')
        open_tags.append((name, offset16, attributes))
        i = end + 1
    if open_tags:
        raise HtmlEntityError(f'Can\'t find end tag corresponding to start tag "{open_tags[-1][0]}"')
    return _trimmed(ParsedText("".join(out), sorted(entities, key=lambda e: (e["offset"], -e["length"]))))


def _decode_reference(match: re.Match) -> str | None:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return NAMED_REFERENCES.get(name)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else None


def _entity(tag: str, attributes: dict, offset: int, length: int) -> dict | None:
    if length == 0:
        return None  # Telegram drops empty entities
    entity = {"offset": offset, "length": length, "type": ENTITY_OF_TAG[tag]}
    if tag == "a":
        entity["url"] = attributes.get("href", "")
    elif tag == "pre" and attributes.get("language"):
        entity["language"] = attributes["language"]
    elif tag == "blockquote" and "expandable" in attributes:
        entity["type"] = "expandable_blockquote"
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = attributes.get("emoji-id", "")
    return entity


def _trimmed(parsed: ParsedText) -> ParsedText:
    """Telegram strips leading and trailing whitespace from what it sends; entities shift with it."""
    text = parsed.text
    lead = utf16_length(text) - utf16_length(text.lstrip())
    stripped = text.strip()
    total = utf16_length(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, entities)


def plain_text(source: str) -> ParsedText:
    """Text sent without parse_mode: only the trimming applies."""
    return ParsedText(source.strip())
