"""The one exception the parsing package raises for input it cannot turn into text."""

from __future__ import annotations

__all__ = ["UnreadableFile"]


class UnreadableFile(Exception):
    """A file that cannot be turned into text, with a precise English ``reason``.

    Importers show the reason to the person who uploaded the file, so it says what
    is wrong and, where there is one, what to do ("convert to Unicode first").
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
