"""urlkeeper: keep every URL of a documentation site working through restructurings.

The core (inventory, redirect maps, validation, baselines, renderers, reporters) works on
plain data and never imports MkDocs; :mod:`urlkeeper.mkdocs_plugin` adapts it to MkDocs.
"""

__version__ = "0.1.0"
