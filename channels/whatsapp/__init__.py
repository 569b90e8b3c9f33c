"""Luna on WhatsApp through Meta's Cloud API: the webhook (channel.py, the only module
that knows Rasa), reading deliveries, rendering replies and calling the Graph API."""
