"""Luna's own Python package: the astrology engine (`luna.astrology`), the readings, the
chart pictures, the profile store and the `luna` command. It never imports Rasa; the
Rasa SDK layer that calls it lives in `actions/`."""
