"""The one exception family the engine raises for input a person got wrong."""


class InputError(ValueError):
    """Bad input (impossible date, unknown place...): the message is shown to the user."""


class PlaceNotFound(InputError):
    """No gazetteer entry matches the place name."""


class AmbiguousPlace(InputError):
    """Several real places match; `candidates` are ranked, most likely first."""

    def __init__(self, query: str, candidates: list) -> None:
        self.query = query
        self.candidates = candidates
        names = "; ".join(c.label for c in candidates)
        super().__init__(f"'{query}' could be several places: {names}. Add the state or country.")


class EphemerisUnavailable(RuntimeError):
    """The Swiss Ephemeris data files are missing: refuse rather than compute imprecisely."""
