"""Redirect renderers, one module per host format (see :mod:`.base`)."""

from __future__ import annotations

from .base import REGISTRY, RenderInput, Rendered, Renderer, get, register

__all__ = ["REGISTRY", "RenderInput", "Rendered", "Renderer", "get", "register", "load_all", "names"]



def load_all() -> None:
    """Import every host module (each registers its renderer): adding a host is one module
    and its name here (a test checks that every module of this folder is listed)."""
    from . import apache, azure, caddy, cloudflare, html_pages, json_map, netlify, nginx  # noqa: F401


def names() -> list[str]:
    load_all()
    return sorted(REGISTRY)
