"""Read many git blobs with one ``git cat-file --batch`` (from-git for blog posts, suggest --from-rev)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .errors import InputError


def cat_blobs(cwd: str | Path, oids: list[str]) -> list[str]:
    """The contents of the blobs ``oids`` (in order) of the repository at ``cwd``, as UTF-8 text."""
    if not oids:
        return []
    proc = subprocess.run(["git", "cat-file", "--batch"], cwd=cwd, input=("\n".join(oids) + "\n").encode(),
                          capture_output=True)
    if proc.returncode != 0:
        raise InputError(f"git cat-file failed: {proc.stderr.decode(errors='replace').strip()}")
    data = proc.stdout
    out: list[str] = []
    pos = 0
    for _ in oids:
        nl = data.index(b"\n", pos)
        size = int(data[pos:nl].split()[2])
        out.append(data[nl + 1:nl + 1 + size].decode("utf-8", errors="replace"))
        pos = nl + 1 + size + 1
    return out
