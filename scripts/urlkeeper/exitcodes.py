"""The exit codes of every ``urlkeeper`` command: a closed set, documented in README.md."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # clean: no findings above info; a move or plan applied (or nothing to do)
    FINDINGS = 1  # a check found a broken guarantee or link (warnings or errors)
    BAD_INPUT = 2  # bad input or usage: malformed YAML, invalid map, unknown option, conflicts in a plan
    NOT_APPLIED = 3  # move/apply: the plan would change a link's target (refused), or it failed half way and was rolled back; nothing changed
    INTERRUPTED = 128  # plus the signal's number: 130 SIGINT, 143 SIGTERM (a move is rolled back)

    @staticmethod
    def interrupted(signum: int) -> int:
        """128 + N for signal N, as shells report a process a signal ended."""
        return ExitCode.INTERRUPTED + signum


__all__ = ["ExitCode"]
