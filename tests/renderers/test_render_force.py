"""Over-limit output is not written: `redirects render` exits 1 and leaves no file, unless
`--force` is given (the real command line on a small project)."""

from __future__ import annotations

from pathlib import Path

from conftest import urlkeeper, write_tree


def _project(tmp_path: Path, rules: int) -> Path:
    maps = "redirects:\n" + "".join(f"  - from: /en/old/page-{i:03d}/\n    to: /en/new/\n" for i in range(rules))
    write_tree(tmp_path, {
        "mkdocs.yml": "site_name: T\nsite_url: https://docs.example.com/\nplugins:\n  - urlkeeper:\n      language_prefix: /en\n",
        "redirects/moves.yml": maps,
        "site/en/new/index.html": "<!doctype html><title>New</title><h1 id='new'>New</h1>\n",
    })
    return tmp_path


def test_over_limit_azure_is_not_written(tmp_path):
    project = _project(tmp_path, 150)  # 150 rules x 8 routes: far past 20 KB
    proc = urlkeeper("redirects", "render", "--format", "azure", "-o", "out/staticwebapp.config.json", cwd=project)
    assert proc.returncode == 1, proc.stderr
    assert not (project / "out").exists()
    assert "UK401" in proc.stderr and "UK405" in proc.stderr and "--force" in proc.stderr


def test_force_writes_it_anyway(tmp_path):
    project = _project(tmp_path, 150)
    proc = urlkeeper("redirects", "render", "--format", "azure", "--force", "-o", "out/staticwebapp.config.json", cwd=project)
    assert proc.returncode == 1, proc.stderr  # the limit is still a finding
    assert (project / "out" / "staticwebapp.config.json").stat().st_size > 20_000
    assert "UK405" not in proc.stderr


def test_under_limit_is_written(tmp_path):
    project = _project(tmp_path, 3)
    proc = urlkeeper("redirects", "render", "--format", "azure", "-o", "out/staticwebapp.config.json", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert (project / "out" / "staticwebapp.config.json").is_file()
