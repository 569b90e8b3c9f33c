"""Rasa NLU pipeline add-ons (config.yml); they run in the Rasa server's environment."""
