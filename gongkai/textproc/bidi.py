"""Bidirectional control characters: invisible, and able to reverse what a list cell shows.

U+202E (RIGHT-TO-LEFT OVERRIDE) in a name makes "张三‮moc.live" read backwards in a handlers'
list; Unicode TR36 and CVE-2021-42574 ("Trojan Source") describe the attack. Chinese text never
needs them, so they are removed from every text field at input and from names on display.
"""

from __future__ import annotations

import re

# LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM (and ALM, U+061C).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)
