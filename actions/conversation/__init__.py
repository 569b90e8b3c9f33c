"""The conversation layer: Rasa SDK actions and form validation that call the engine."""
