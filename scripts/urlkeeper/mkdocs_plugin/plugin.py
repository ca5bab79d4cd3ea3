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

from .. import config as core_config, fragments, html_scan
from ..errors import InputError
from ..reporters import log_findings
from ..inventory import Inventory, other_files
from ..renderers import get as get_renderer
from ..renderers.base import WriteLog, over_limit, write_files
from . import keep
from .anchors import ANCHORS, REAL_PAGES, BuiltAnchors
from .reuse import check_and_render
from .config import UrlkeeperPluginConfig

log = logging.getLogger("mkdocs.plugins.urlkeeper")


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
        self.cache_dir = root / self.config.links["cache_dir"]
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
            self.record = keep.record_of(self.cache_dir, config.site_dir)
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
            hit = ANCHORS.get(key)
            if hit is not None:
                self.inventory.pages[url] = hit[2]
                continue
            real = REAL_PAGES.get(dest)
            if real is not None:
                if real:
                    self.inventory.pages[url] = BuiltAnchors(dest, self.ignore, key)
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
            real = REAL_PAGES[page.file.abs_dest_path] = not html_scan.is_redirect_page(output)
            if real:
                url = "/" + page.url if not page.url.startswith("/") else page.url
                key = (self.core.anchor_ignore, url)
                hit = ANCHORS.get(key)  # (a rebuild in this process)
                stamp = (len(output), hash(output)) if hit is not None or self.config.fingerprints else None
                if hit is not None and hit[:2] == stamp:
                    anchors = hit[2]
                elif self.config.fingerprints:  # the cache wants every page's anchors: from the HTML in hand
                    anchors = frozenset(html_scan.anchors(output, self.ignore))
                    ANCHORS[key] = (*stamp, anchors)
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
            keep.discard(site)
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
        made = WriteLog()
        written += write_files(site, {k: rest[k] for k in stale}, overwrite=True, log=made)
        written += write_files(site, {k: v for k, v in rest.items() if k not in same and k not in stale},
                               overwrite=False, log=made)
        if self.record is not None:
            keep.save(self.record, site, keep.entries(back, made.folders, [*made.files, *same]))
        return written

    def on_post_build(self, config):
        if not self.config.enabled:
            return
        started = time.perf_counter()
        self._unrendered()
        site = Path(config.site_dir)
        # files other than pages (hosts whose rules win over files keep them); not the moved pages
        # (nor the host files of the last build, still there in a dirty build)
        ours = {"/" + get_renderer(name).filename for name in self.core.formats if name != "html"}
        self.inventory.files = other_files(config.site_dir, skip=keep.KEPT) - ours
        try:
            checked = check_and_render(self.core, self.inventory,
                                       keep.cache_file(self.cache_dir, "check", config.site_dir, ".json"))
            findings = list(checked.findings)
            written = self._write(site, checked.rendered, findings)
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
            "urlkeeper: %d pages, %d rules, %d baseline URLs checked%s; %d files written; "
            "%.2fs in all (%.2fs while pages were built, %.2fs after the build)",
            len(self.inventory), checked.rules, checked.baselines,
            f" (the check of {checked.reused}, as nothing it reads changed)" if checked.reused else "", written,
            self.page_seconds + after, self.page_seconds, after,
        )
        # ---- link checking (urlkeeper.links): internal links and anchors of the built site ----
        if self.config.links["enabled"]:
            from ..links.plugin_hook import after_build

            after_build(self.config.links, config, log, self.core.versions.prefixes, self.page_sources)
