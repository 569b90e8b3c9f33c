"""What the messaging channels (Telegram, WhatsApp) share: ordered background work per
chat, the state replicas share (deliveries taken, blocked chats, long button payloads),
cutting texts to length, fetching chart pictures for upload. Plain Python, no Rasa."""
