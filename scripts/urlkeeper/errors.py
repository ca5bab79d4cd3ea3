"""Bad input: the one exception type that the command line turns into exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """Input that urlkeeper cannot work with (malformed YAML, bad option, unreadable file).

    It names the file and line where one exists, so the message can be acted on without a
    traceback.
    """

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.message}"
