"""Versioned sites: the version folders a deployment tool such as mike puts each build into.

mike builds the site once per version and copies each build into a folder of one branch:
``/1.4/``, ``/2.0/``, and aliases such as ``/latest/`` pointing at one of them. A build knows
nothing of the folder it will land in, so two things follow:

* Redirect pages must name their target relative to themselves (``../setup/``), as
  mkdocs-redirects does: a root-absolute ``/setup/`` leaves the version folder.
* A link written as a full URL on the site's own host, ``https://host/latest/setup/``, or
  root-relative, ``/latest/setup/``, means "this build" when its first path segment is one of
  the build's version prefixes; any other path on the host (another version's folder, files
  at the root of the deployment such as an install script) is not this build's to resolve.

Settings (urlkeeper plugin options, read by the CLI and the MkDocs plugin alike)::

    version_prefixes: [latest, "2.0"]   # first path segments that mean "this build"
    redirect_targets: relative          # or absolute

When ``mkdocs.yml`` declares mike as its version provider (``extra.version.provider: mike``)
and the options are not given, ``version_prefixes`` is ``[latest]`` and redirect targets are
relative (and the version mike is building, ``MIKE_DOCS_VERSION``, is one more prefix);
otherwise nothing changes.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass

from .errors import InputError

TARGET_STYLES = ("absolute", "relative")


@dataclass(frozen=True)
class Versions:
    prefixes: tuple[str, ...] = ()  # first path segments that mean this build ("latest", "2.0")
    relative_targets: bool = False  # redirect pages name their target relative to themselves

    def strip(self, path: str) -> tuple[str, bool]:
        """A root-relative path on the site's host, as a path of this build: ``/latest/x/`` ->
        (``/x/``, False). On a versioned site every other path (``/1.4/x/``, ``/install.sh``) lies
        outside this build, in another version's folder or at the root of the deployment:
        (path, True). Without prefixes every path is this build's."""
        if not self.prefixes:
            return path, False
        end = path.find("/", 1)
        first = path[1:] if end < 0 else path[1:end]
        if first in self.prefixes:
            return (path[end:] if end >= 0 else "/"), False
        return path, True


def is_mike_site(mkdocs_data: dict) -> bool:
    extra = mkdocs_data.get("extra") if isinstance(mkdocs_data, dict) else None
    version = extra.get("version") if isinstance(extra, dict) else None
    return isinstance(version, dict) and version.get("provider") == "mike"


def from_options(options: dict, mkdocs_data: dict | None = None, source: str = "mkdocs.yml") -> Versions:
    """The version settings from the plugin's options (``version_prefixes``, ``redirect_targets``)."""
    mike = is_mike_site(mkdocs_data or {})
    raw = options.get("version_prefixes")
    if raw is None:
        prefixes: tuple[str, ...] = ("latest",) if mike else ()
        building = os.environ.get("MIKE_DOCS_VERSION", "").strip("/")  # set by `mike deploy` while it builds
        if mike and building and "/" not in building:
            prefixes += (building,)
    else:
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, (list, tuple)) or not all(isinstance(p, (str, int, float)) for p in raw):
            raise InputError("urlkeeper option 'version_prefixes' must be a list of folder names", source)
        prefixes = tuple(str(p).strip("/") for p in raw if str(p).strip("/"))
        bad = [p for p in prefixes if "/" in p]
        if bad:
            raise InputError(f"urlkeeper option 'version_prefixes': {bad[0]!r} is not one folder name", source)
    style = options.get("redirect_targets") or ("relative" if mike else "absolute")
    if style not in TARGET_STYLES:
        raise InputError(f"urlkeeper option 'redirect_targets' must be one of {', '.join(TARGET_STYLES)}, "
                         f"got {style!r}", source)
    return Versions(prefixes, style == "relative")


def in_folder(config, folder: str):
    """``config`` for a build deployed into ``folder`` of its host: the folder joins the path of
    ``site_url``, so server rules are written below it (``/latest/setup/``)."""
    from dataclasses import replace
    from urllib.parse import urlsplit, urlunsplit

    name = folder.strip("/")
    if not name or "/" in name or name in (".", ".."):
        raise InputError(f"--version-folder must be one folder name, got {folder!r}")
    parts = urlsplit(config.site_url or "/")
    path = parts.path.rstrip("/") + "/" + name + "/"
    return replace(config, site_url=urlunsplit((parts.scheme, parts.netloc, path, "", "")))


def relative_to(page_file: str, target: str) -> str:
    """The URL of ``target`` (a root-relative site URL, already encoded, maybe with ?query or
    #fragment) as written in the built file ``page_file`` (``en/x/index.html`` is served at
    ``/en/x/``, ``en/y.html`` at ``/en/y.html``): ``/en/z/#a`` -> ``../z/#a``."""
    if not target.startswith("/") or target.startswith("//"):
        return target  # external or already relative
    cut = min((i for i in (target.find("?"), target.find("#")) if i >= 0), default=len(target))
    path, rest = target[:cut], target[cut:]
    here = "/" + posixpath.dirname(page_file)
    rel = posixpath.relpath(path, here)
    if path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel in (".", "./"):
        rel = "./"
    elif not rel.startswith("."):
        rel = "./" + rel  # never read as a scheme ("a:b/") or as a bare word
    return rel + rest


__all__ = ["Versions", "from_options", "in_folder", "is_mike_site", "relative_to"]
