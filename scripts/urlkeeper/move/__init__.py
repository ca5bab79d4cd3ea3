"""Move and merge pages with every link rewritten.

``urlkeeper move SRC DST`` and ``urlkeeper apply PLAN`` move pages, folders, and fold pages
into sections of other pages; every link to a moved file (inline, reference definitions,
images, autolinks, raw HTML, snippet includes, the nav of ``mkdocs.yml``) is rewritten,
redirect rules for the old URLs are appended to ``redirects/<plan>.yml``, and the whole
change is applied all-or-nothing (``git mv`` semantics inside a git work tree).

Modules: :mod:`.scan` finds link destinations in Markdown, :mod:`.site` resolves them to
files, :mod:`.plan` reads and validates plans, :mod:`.engine` computes every edit in memory
(running the :mod:`.phases` over a :mod:`.model` state; :mod:`.prefilter` skips files
that cannot link to a moved one, :mod:`.redirect_maps` edits the redirect rules),
:mod:`.anchors` models ids, labels, footnotes and abbreviations, :mod:`.fold` folds a page
hygienically, :mod:`.verify` proves every link keeps its target before anything is written,
:mod:`.rendered` compares where the links of two builds land,
:mod:`.txn` applies them with rollback, :mod:`.yamledit` edits YAML byte-exactly,
:mod:`.fromgit` proposes rules from git history, :mod:`.command` wires the command line.
"""
