"""The journal on its own: generic file operations (create, replace, rename, delete, a swap
through a temporary name) undone from any point, by an error in the process or by recovery
after the process died (a forked child that exits at each step)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from urlkeeper.move import journal, txn
from urlkeeper.move.journal import Op

FILES = {"docs/a.md": b"A\r\n", "docs/b.md": b"B\n", "docs/c.md": b"C", "docs/sub/e.md": b"E\n"}


def tree(root: Path) -> dict:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        out[rel + "/"] = None
        for f in filenames:
            p = Path(dirpath) / f
            out[os.path.join(rel, f)] = (os.readlink(p) if p.is_symlink() else p.read_bytes(), p.stat().st_mode)
    return out


def make(root: Path) -> None:
    for rel, data in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    os.chmod(root / "docs/c.md", 0o755)


def ops() -> tuple[list[Op], dict[str, bytes]]:
    """Swap a and b through a temporary name, replace c, create new/d.md, delete sub/e.md."""
    return [
        Op("mkdir", "docs/new"),
        Op("rename", "docs/a.md", to="docs/.swap.tmp"),
        Op("rename", "docs/b.md", to="docs/a.md"),
        Op("rename", "docs/.swap.tmp", to="docs/b.md"),
        Op("write", "docs/c.md", tmp="docs/.c.md.tmp", backup="before/c"),
        Op("write", "docs/new/d.md", tmp="docs/new/.d.md.tmp"),
        Op("remove", "docs/sub/e.md", backup="before/e"),
    ], {"docs/c.md": b"C2", "docs/new/d.md": b"D\n"}


def run(root: Path, fail_after: int | None = None, hook: int | None = None) -> None:
    t = txn.Transaction(root, root / "docs")
    t.fail_after = fail_after
    if hook is not None:  # die at this step, with no rollback: what SIGKILL does
        t.hook_at = hook
        t._wait_at_hook = lambda: os._exit(9)
    steps, data = ops()
    t.run(steps, data, {}, None, [root / "docs/sub"])


def expected_after(root: Path) -> dict:
    other = root.parent / "expected"
    make(other)
    os.rename(other / "docs/a.md", other / "docs/tmp")
    os.rename(other / "docs/b.md", other / "docs/a.md")
    os.rename(other / "docs/tmp", other / "docs/b.md")
    (other / "docs/c.md").write_bytes(b"C2")
    (other / "docs/new").mkdir()
    (other / "docs/new/d.md").write_bytes(b"D\n")
    os.unlink(other / "docs/sub/e.md")
    os.rmdir(other / "docs/sub")
    return tree(other)


def test_the_operations_complete(tmp_path):
    root = tmp_path / "p"
    make(root)
    run(root)
    assert tree(root) == expected_after(root)
    assert not (root / ".urlkeeper").exists()


def total_steps() -> int:
    steps, _ = ops()
    return len(steps) + sum(o.op == "write" for o in steps) + sum(bool(o.backup) for o in steps) + 3


@pytest.mark.parametrize("step", range(total_steps() - 2))
def test_an_error_at_any_step_rolls_back(tmp_path, step):
    root = tmp_path / "p"
    make(root)
    before = tree(root)
    with pytest.raises(txn.Aborted, match="injected failure.*nothing was changed"):
        run(root, fail_after=step)
    assert tree(root) == before


@pytest.mark.parametrize("step", range(total_steps() + 1))
def test_a_crash_at_any_step_is_recovered_to_before_or_after(tmp_path, step):
    root = tmp_path / "p"
    make(root)
    before = tree(root)
    after = expected_after(root)
    pid = os.fork()
    if pid == 0:  # the child applies and dies at the step
        try:
            run(root, hook=step)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) in (0, 9)
    done = journal.recover(root)
    assert journal.recover(root) is None  # recovery is done once, and leaves no journal
    state = tree(root)
    assert state in (before, after), (step, done)
    if step <= total_steps() - 2:
        assert state == before and "rolled back" in (done or "")
