"""MkDocs events that only orchestrate: collect the inventory from the pages MkDocs renders,
run the core checks after the build, write redirect files into the site, log findings."""

from __future__ import annotations

import logging
import os
import re
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .. import check as check_mod, config as core_config, fragments, html_scan
from ..errors import InputError
from ..reporters import log_findings
from ..inventory import Inventory, other_files
from ..renderers.base import WriteLog, over_limit, write_files
from . import keep
from .config import UrlkeeperPluginConfig

log = logging.getLogger("mkdocs.plugins.urlkeeper")
# Anchors of the pages as last read (only pages whose anchors were asked for: BuiltAnchors), by
# (anchor_ignore, URL): (length, hash of the HTML, anchors). `mkdocs serve` loads the plugin
# again for each rebuild in the same process; unchanged pages are not read again.
_ANCHORS: dict[tuple[str | None, str], tuple[int, int, frozenset]] = {}


_LAST: dict = {}  # the last check in this process: its inputs, result and rendered files


class BuiltAnchors:
    """The anchors of a page MkDocs rendered, read from its built file when first asked for.

    The check asks for the anchors of few pages (rule targets with a fragment, baseline URLs
    with an anchor, forwarded fragments); reading every page as it is rendered cost most of
    the plugin's time. The built file is the page's output as it was last changed (this plugin
    runs among the last), written before ``on_post_build``, where it is first asked for."""

    __slots__ = ("path", "ignore", "key", "stamp", "_found")

    def __init__(self, path: str, ignore, key: tuple, stamp: tuple | None = None):
        # stamp: what the HTML is, to tell it changed; (length, hash) of the text when read
        self.path, self.ignore, self.key, self.stamp = path, ignore, key, stamp
        self._found: frozenset | None = None

    def get(self) -> frozenset:
        if self._found is None:
            try:
                with open(self.path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
            except OSError:
                text = ""
            if self.stamp is None:
                self.stamp = (len(text), hash(text))
            self._found = frozenset(html_scan.anchors(text, self.ignore))
            _ANCHORS[self.key] = (*self.stamp, self._found)
        return self._found

    def __contains__(self, anchor) -> bool:
        return anchor in self.get()

    def __iter__(self):
        return iter(self.get())

    def __len__(self) -> int:
        return len(self.get())

    def __eq__(self, other) -> bool:
        return self.get() == (other.get() if isinstance(other, BuiltAnchors) else other)

    __hash__ = None


def _stamps(core) -> tuple:
    """What the check and the render read besides the pages: the redirect maps, forwarded
    fragments, baselines and the site's overrides of urlkeeper's templates, by stat."""
    from ..baselines import baseline_files
    from ..rules import map_files
    from ..templating import OVERRIDE_FOLDER

    overrides = []
    if core.templates_dir:
        overrides = [Path(core.templates_dir) / OVERRIDE_FOLDER / name for name in ("redirect.html", "forward.html")]
    out = []
    for path in [*map_files(core.redirects_dir), *fragments.files(core.redirects_dir),
                 *baseline_files(core.baselines_dir), *overrides]:
        try:
            st = path.stat()
            out.append((str(path), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(path), 0, -1))
    return tuple(out)


def check_and_render(core, inventory: Inventory):
    """``check.run`` and ``check.render``, or their last results when nothing they read changed
    (a `mkdocs serve` rebuild after an edit that changed no URL and no anchor the check read)."""
    key = (repr(core), _stamps(core))
    last = _LAST.get("pages")
    if (_LAST.get("key") == key and last is not None and _same_answers(last, inventory.pages)
            and _LAST.get("files") == inventory.files):
        return _LAST["result"], _LAST["rendered"]
    result = check_mod.run(core, inventory)
    rendered = check_mod.render(core, result)
    _LAST.update(key=key, pages=dict(inventory.pages), files=set(inventory.files), result=result, rendered=rendered)
    return result, rendered


def _same_answers(before: dict, now: dict) -> bool:
    """Whether the check would read the same pages as last time: the same URLs, and the same
    anchors of every page whose anchors it read (the others' anchors do not matter to it)."""
    if before.keys() != now.keys():
        return False
    for url, old in before.items():
        new = now[url]
        if old is new or (isinstance(old, BuiltAnchors) and old._found is None):
            continue  # the same object, or anchors the check never asked for
        if isinstance(old, BuiltAnchors) and isinstance(new, BuiltAnchors) and old.stamp == new.stamp:
            continue  # the same HTML
        if _read(old) != _read(new):
            return False
    return True


def _read(anchors) -> frozenset:
    return anchors.get() if isinstance(anchors, BuiltAnchors) else anchors


def on_disk(site_dir: Path, files: dict[str, str]) -> tuple[set[str], dict[str, bytes]]:
    """The rendered files whose bytes are on disk already (left as they are: no write, no new
    modification time for `mkdocs serve` to react to), and the other files already there (path
    -> their bytes). After MkDocs cleaned the site, one failed ``open`` per file."""
    same: set[str] = set()
    other: dict[str, bytes] = {}
    root = os.fspath(site_dir)
    for rel, text in files.items():
        try:
            with open(os.path.join(root, rel), "rb") as fh:
                data = fh.read()
        except OSError:
            continue
        if data == text.encode("utf-8"):
            same.add(rel)
        else:
            other[rel] = data
    return same, other


class UrlkeeperPlugin(BasePlugin[UrlkeeperPluginConfig]):
    def on_config(self, config):
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path or ".").resolve().parent
        options = {k: self.config[k] for k in core_config.PLUGIN_KEYS if k in self.config}
        self.root = root
        try:
            self.core = core_config.from_plugin_options(
                options, root, site_dir=config.site_dir, docs_dir=config.docs_dir,
                site_url=config.site_url, source=config.config_file_path,
                mkdocs_data={"extra": dict(config.extra or {})}, templates_dir=config.theme.custom_dir,
            )
            self.ignore = re.compile(self.core.anchor_ignore) if self.core.anchor_ignore else None
            self.forwards = fragments.load(self.core.redirects_dir)
        except (InputError, re.error) as exc:
            raise PluginError(f"urlkeeper: {exc}") from None
        self.inventory = Inventory()
        self.page_seconds = 0.0  # time spent in on_post_page, reported with the totals
        # docs_dir as MkDocs names its files, and its real path, each with a trailing separator
        docs = config.docs_dir
        self.docs_dirs = (os.path.join(os.path.abspath(docs), ""), os.path.join(os.path.realpath(docs), ""))
        self.page_sources: dict[str, str] = {}  # built file -> its Markdown file in docs_dir (links report)
        self.prints: dict = {}  # built file -> (fingerprint, anchors), with the fingerprints option
        self.record: Path | None = None  # of the redirect pages this build writes (see keep)
        self.moved: list[str] = []  # redirect pages of the last build, moved aside while MkDocs cleans
        return config

    def on_pre_build(self, config):
        """Move the last build's redirect pages out of the way of MkDocs' cleaning (see keep)."""
        if self.config.enabled and "html" in self.core.formats:
            self.site_dir = config.site_dir
            self.record = keep.record_of(self.root / self.config.links["cache_dir"], config.site_dir)
            self.moved = keep.stash(config.site_dir, keep.load(self.record))

    def on_build_error(self, error):
        """A failed build: the moved redirect pages go back as they were."""
        if self.moved and self.record is not None:
            keep.restore(self.site_dir, self.moved, None)
            self.moved = []

    def _in_docs(self, src: str) -> bool:
        """Whether a page's source file is in docs_dir: by its path as MkDocs joined and
        normalised it (no file-system call), else by the real paths (a symlinked docs_dir)."""
        docs = self.docs_dirs
        if src.startswith(docs[0]) and os.sep + ".." not in src:
            return True
        return os.path.realpath(src).startswith(docs[1])

    def on_files(self, files, config):
        if self.config.enabled:  # every page, for dirty builds that render only the changed ones
            self.pages = [(f.url, f.abs_dest_path) for f in files.documentation_pages()]
        return files

    def _unrendered(self) -> None:
        """Pages a dirty build (`mkdocs serve --dirty`) did not render: their anchors as last
        read in this process, else from their built file when asked for."""
        for url, dest in getattr(self, "pages", ()):
            url = "/" + url if not url.startswith("/") else url
            if url in self.inventory.pages:
                continue
            key = (self.core.anchor_ignore, url)
            hit = _ANCHORS.get(key)
            if hit is not None:
                self.inventory.pages[url] = hit[2]
                continue
            try:
                with open(dest, encoding="utf-8", errors="replace") as fh:
                    head = fh.read(2048)
                st = os.stat(dest)
            except OSError:
                continue
            if not html_scan.is_redirect_page(head):  # (a stamp no HTML's (length, hash) equals)
                self.inventory.pages[url] = BuiltAnchors(dest, self.ignore, key, (("file", st.st_size), st.st_mtime_ns))

    @event_priority(-100)  # after other plugins changed the HTML, so their ids count
    def on_post_page(self, output, page, config):
        if self.config.enabled:
            started = time.perf_counter()
            if not html_scan.is_redirect_page(output):
                url = "/" + page.url if not page.url.startswith("/") else page.url
                key = (self.core.anchor_ignore, url)
                hit = _ANCHORS.get(key)  # (a rebuild in this process)
                stamp = (len(output), hash(output)) if hit is not None or self.config.fingerprints else None
                if hit is not None and hit[:2] == stamp:
                    anchors = hit[2]
                elif self.config.fingerprints:  # the cache wants every page's anchors: from the HTML in hand
                    anchors = frozenset(html_scan.anchors(output, self.ignore))
                    _ANCHORS[key] = (*stamp, anchors)
                else:  # read when asked for, from the built file
                    anchors = BuiltAnchors(page.file.abs_dest_path, self.ignore, key, stamp)
                self.inventory.pages[url] = anchors
                if self.config.fingerprints:
                    from ..suggest.extract import from_html

                    self.prints[page.file.abs_dest_path] = (from_html(url, output), anchors)
                src = page.file.abs_src_path
                if src and self._in_docs(src):
                    # a page whose URL a plugin chose (blog posts): its Markdown, as MkDocs knows it
                    self.page_sources[page.file.dest_uri] = page.file.src_uri
                table = self.forwards.get(url)
                if table:  # a page that took over an old path: the old fragments go where their content went
                    cut = output.rfind("</body>")
                    cut = cut if cut >= 0 else len(output)
                    output = output[:cut] + fragments.script(table, self.core.base_path, self.core.templates_dir) + output[cut:]
            self.page_seconds += time.perf_counter() - started
        return output

    def _write(self, site: Path, rendered: dict, findings: list) -> int:
        """Write each format's files whose bytes are not on disk (host files are ours; an HTML
        redirect page never replaces a real page); the number written."""
        written = 0
        pages = None
        for name, output in rendered.items():
            findings += output.findings
            withheld = over_limit(name, output)
            if withheld is not None:
                findings.append(withheld)
            elif name == "html":
                pages = output.files
                written += self._write_pages(site, pages)
            else:
                same, _ = on_disk(site, output.files)
                written += write_files(site, {k: v for k, v in output.files.items() if k not in same}, overwrite=True)
        if pages is None and self.record is not None:  # no redirect pages this time: none to keep
            keep.restore(site, [], {})
            keep.save(self.record, site, [])
        return written

    def _write_pages(self, site: Path, pages: dict[str, str]) -> int:
        """The HTML redirect pages: the last build's put back where they still belong (see keep),
        older ones of ours written over (a dirty build), new ones written."""
        done, back, written = keep.restore(site, self.moved, pages)
        self.moved = []
        rest = {k: v for k, v in pages.items() if k not in done}
        same, there = on_disk(site, rest)
        stale = {k for k, data in there.items() if html_scan.is_redirect_page(data[:2048].decode("utf-8", "replace"))}
        log = WriteLog()
        written += write_files(site, {k: rest[k] for k in stale}, overwrite=True, log=log)
        written += write_files(site, {k: v for k, v in rest.items() if k not in same and k not in stale},
                               overwrite=False, log=log)
        if self.record is not None:
            keep.save(self.record, site, keep.entries(back, log.folders, [*log.files, *same]))
        return written

    def on_post_build(self, config):
        if not self.config.enabled:
            return
        started = time.perf_counter()
        self._unrendered()
        site = Path(config.site_dir)
        # files other than pages (hosts whose rules win over files keep them); not the moved pages
        self.inventory.files = other_files(config.site_dir, skip=keep.KEPT)
        try:
            result, rendered = check_and_render(self.core, self.inventory)
            findings = list(result.findings)
            written = self._write(site, rendered, findings)
        except InputError as exc:
            raise PluginError(f"urlkeeper: {exc}") from None
        if self.config.write_inventory:
            self.inventory.write(self.root / self.config.write_inventory)
        if self.config.fingerprints:
            from ..suggest import buildcache

            buildcache.record(self.root, config.site_dir, self.core.anchor_ignore, self.prints)
        errors = log_findings(findings, log)
        if errors and self.config.strict:
            raise PluginError(f"urlkeeper: {errors} broken guarantee(s); see the warnings above")
        after = time.perf_counter() - started
        log.info(
            "urlkeeper: %d pages, %d rules, %d baseline URLs checked; %d files written; "
            "%.2fs in all (%.2fs while pages were built, %.2fs after the build)",
            len(self.inventory), len(result.rules), len(result.baseline_urls), written,
            self.page_seconds + after, self.page_seconds, after,
        )
        # ---- link checking (urlkeeper.links): internal links and anchors of the built site ----
        if self.config.links["enabled"]:
            from ..links.plugin_hook import after_build

            after_build(self.config.links, config, log, self.core.versions.prefixes, self.page_sources)
