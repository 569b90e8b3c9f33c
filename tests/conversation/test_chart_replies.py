"""The kundli summary's lagna degree: degrees and minutes within the sign, truncated."""

from __future__ import annotations

import pytest

from actions.conversation.chart_replies import degrees_in_sign


@pytest.mark.parametrize(("degree", "shown"), [
    (0.0, "0°00′"),
    (12.5, "12°30′"),
    (29.7, "29°42′"),  # once shown as "30°", which reads as the next sign
    (29.9999, "29°59′"),
])
def test_the_lagna_degree_never_rounds_into_the_next_sign(degree, shown):
    assert degrees_in_sign(degree) == shown
