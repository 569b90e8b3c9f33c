"""Luna's own Rasa input channels, loaded by `rasa run` from credentials.yml
(Rasa puts the project root on the Python path, so `channels.webchat.WebChatInput` imports)."""
