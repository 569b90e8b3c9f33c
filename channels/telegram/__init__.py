"""Luna's Telegram channel (credentials.yml: `channels.telegram.channel.TelegramInput`,
webhook `/webhooks/telegram/webhook`). Only channel.py needs Rasa; the rest is plain
python-telegram-bot, so the tests' environment imports it too."""
