"""Crash safety of `urlkeeper apply`: the real command is killed (SIGKILL, and separately SIGTERM)
at 20 evenly spaced points of its writes on a generated 5,000-page git work tree; after recovery
the tree is byte-identical to the tree before or after the plan, and git agrees.

The apply stops at a known step through ``URLKEEPER_TXN_HOOK=FILE:N`` (it writes ``N TOTAL`` to
FILE and waits), so each kill lands between two known file operations.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ENV, ROOT
from movekit import GIT_ENV, git, uk

PAGES = 5000
MOVES = 300
POINTS = 20


def _bench_move():
    spec = importlib.util.spec_from_file_location("bench_move", ROOT / "benchmarks" / "bench_move.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def state(base: Path) -> dict:
    """Every file's digest outside .git, every folder, the index entries and git status."""
    files = {}
    for dirpath, dirnames, filenames in os.walk(base):
        rel = os.path.relpath(dirpath, base)
        if rel == ".git" or rel.startswith(".git" + os.sep):
            dirnames[:] = []
            continue
        files[rel + "/"] = "<dir>"
        for f in filenames:
            p = os.path.join(dirpath, f)
            files[os.path.join(rel, f)] = hashlib.sha1(Path(p).read_bytes()).hexdigest()
    return {"files": files, "index": git(base, "ls-files", "-s"), "status": git(base, "status", "--porcelain")}


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    """(pristine tree, plan, state before, state after) of a 5,000-page git work tree."""
    base = tmp_path_factory.mktemp("crash")
    pristine = base / "pristine"
    bench = _bench_move()
    paths = bench.generate(pristine, PAGES, 6)
    plan = bench.make_plan(pristine, paths, MOVES)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "tree"]):
        git(pristine, *args)
    before = state(pristine)
    done = base / "done"
    shutil.copytree(pristine, done, symlinks=True)
    proc = uk(done, "apply", str(plan.relative_to(pristine)))
    assert proc.returncode == 0, proc.stderr
    after = state(done)
    assert after != before and "\nR" in "\n" + after["status"]
    shutil.rmtree(done)
    return pristine, plan.relative_to(pristine), before, after


def start_and_stop_at(work: Path, plan: Path, step: int, hook: Path) -> tuple[subprocess.Popen, int]:
    """Start the apply and wait until it has made ``step`` steps; returns it and the total steps."""
    if hook.exists():
        hook.unlink()
    env = {**ENV, **GIT_ENV, "URLKEEPER_TXN_HOOK": f"{hook}:{step}"}
    proc = subprocess.Popen([sys.executable, "-m", "urlkeeper", "apply", str(plan)], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while not hook.exists():
        if proc.poll() is not None:
            raise AssertionError(f"apply ended before step {step}: {proc.returncode} {proc.stderr.read()}")
        assert time.monotonic() < deadline, "apply did not reach the hook"
        time.sleep(0.02)
    done, total = map(int, hook.read_text().split())
    assert done == step
    return proc, total


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_kill_at_every_point_then_recover_gives_before_or_after(trees, tmp_path, signum):
    pristine, plan, before, after = trees
    work = tmp_path / "work"
    shutil.copytree(pristine, work, symlinks=True)
    hook = tmp_path / "hook"
    points = [0]
    total = None
    outcomes = []
    i = 0
    while i < len(points):
        step = points[i]
        proc, total = start_and_stop_at(work, plan, step, hook)
        if i == 0:
            points = sorted({round(k * total / (POINTS - 1)) for k in range(POINTS)})
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=120)
        if signum == signal.SIGKILL:
            assert proc.returncode == -signal.SIGKILL
            assert (work / ".urlkeeper/journal").exists() or step >= total - 1
            rerun = i in (len(points) // 3, 2 * len(points) // 3)
            if rerun:  # the plain re-run recovers first, then applies the whole plan
                again = uk(work, "apply", str(plan), env=GIT_ENV)
                assert again.returncode == 0, again.stderr
                assert "rolled back" in again.stderr or step >= total - 1
            else:
                rec = uk(work, "apply", "--recover", env=GIT_ENV)
                assert rec.returncode == 0 and "Traceback" not in rec.stderr, rec.stderr
        else:
            assert "Traceback" not in err, err
            assert proc.returncode in (0, 128 + signal.SIGTERM), err
            assert not (work / ".urlkeeper").exists(), "SIGTERM must leave no journal behind"
        now = state(work)
        assert now in (before, after), f"step {step}/{total}: the tree is neither as before nor as after"
        outcomes.append("after" if now == after else "before")
        if now == after:
            shutil.rmtree(work)
            shutil.copytree(pristine, work, symlinks=True)
        i += 1
    assert len(points) >= POINTS and total > 2 * MOVES
    assert "before" in outcomes and outcomes[-1] == "after"


def test_interrupted_move_is_rolled_back_by_the_next_command(tmp_path):
    """A SIGKILLed move leaves a journal; the next `urlkeeper move` rolls it back first."""
    from movekit import project, config

    pages = {"en/index.md": "# Home\n\n[a](a.md) [b](b.md)\n", "en/a.md": "# A\n\n[b](b.md)\n", "en/b.md": "# B\n"}
    base = project(tmp_path / "p", pages, config())
    before = state(base)
    hook = tmp_path / "hook"
    env = {**ENV, **GIT_ENV, "URLKEEPER_TXN_HOOK": f"{hook}:4"}
    proc = subprocess.Popen([sys.executable, "-m", "urlkeeper", "move", "en/a.md", "en/z/a.md"], cwd=base, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while not hook.exists():
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.02)
    proc.kill()
    proc.wait()
    assert (base / ".urlkeeper/journal/journal.json").exists()
    assert state(base) != before  # half made
    dry = uk(base, "move", "en/b.md", "en/c.md", "--dry-run")
    assert dry.returncode == 0 and "was rolled back" in dry.stderr, dry.stderr
    assert state(base) == before
    assert "nothing to recover" in uk(base, "apply", "--recover").stdout


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGHUP], ids=["SIGINT", "SIGHUP"])
def test_ctrl_c_and_hangup_roll_back_at_once(tmp_path, signum):
    from movekit import project, config

    pages = {"en/index.md": "# Home\n\n[a](a.md)\n", "en/a.md": "# A\n"}
    base = project(tmp_path / "p", pages, config())
    before = state(base)
    hook = tmp_path / "hook"
    env = {**ENV, **GIT_ENV, "URLKEEPER_TXN_HOOK": f"{hook}:5"}
    proc = subprocess.Popen([sys.executable, "-m", "urlkeeper", "move", "en/a.md", "en/b/a.md"], cwd=base, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not hook.exists():
        assert proc.poll() is None, proc.stderr.read()
        time.sleep(0.02)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum and "rolled back, nothing was changed" in err, err
    assert state(base) == before
