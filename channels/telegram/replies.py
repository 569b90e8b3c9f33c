"""The channel's own replies (replies.yml beside this file)."""

from __future__ import annotations

from pathlib import Path

from channels.messaging.replies import ChannelReplies

REPLIES = ChannelReplies(Path(__file__).with_name("replies.yml"))
reply = REPLIES.reply
media_reply = REPLIES.media_reply
