"""Rasa's REST channel (`POST /webhooks/rest/webhook`), unchanged for its callers, plus
what operators need: the request id and the channel's metrics.

- The request id comes from the `X-Request-ID` header (nginx sets one on every request) or
  is made here; it goes into the UserMessage's metadata under `request_id` (a caller's
  own metadata is kept), so the action server's log lines of the turn carry it too.
- While the turn runs, the request id and sender are in the context variables every log
  line of LUNA_LOG_FORMAT=json reads (Rasa's own lines of the turn included).
- luna_messages_total{channel="rest"} counts messages, luna_turn_seconds{channel="rest"}
  times each from its arrival to its last reply, and
  luna_channel_errors_total{channel="rest",kind="handling"} counts turns that failed.

The name stays `rest`, so the URL is Rasa's: credentials.yml names this class instead of
`rest:`.
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint
from sanic.request import Request

from channels.observed_turn import OnNewMessage, observed
from luna.observability.request_context import request_id_from_headers, with_request_id


class RestInput(RasaRestInput):
    """Rasa's RestInput whose messages carry a request id and are measured."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        metadata = super().get_metadata(request)
        return with_request_id(metadata if isinstance(metadata, dict) else None,
                               request_id_from_headers(request.headers))

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(observed(on_new_message, self.name()))
