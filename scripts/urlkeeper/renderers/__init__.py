"""Redirect renderers, one module per host format (see :mod:`.base`)."""

from __future__ import annotations

import importlib
import pkgutil

from .base import REGISTRY, RenderInput, Rendered, Renderer, get, register

__all__ = ["REGISTRY", "RenderInput", "Rendered", "Renderer", "get", "register", "load_all", "names"]

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for mod in pkgutil.iter_modules(__path__):
        if mod.name != "base" and not mod.name.startswith("_"):
            importlib.import_module(f"{__name__}.{mod.name}")
    _loaded = True


def names() -> list[str]:
    load_all()
    return sorted(REGISTRY)
