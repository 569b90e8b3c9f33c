"""Luna's astrology engine: charts, dashas, panchang, matching, transits, places.

Plain Python on top of the Swiss Ephemeris; it never imports Rasa, so the `luna`
command, the benchmarks and the tests use it on its own.
"""
