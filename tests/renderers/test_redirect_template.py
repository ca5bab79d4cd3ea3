"""The redirect page and the fragment-forwarding script come from Jinja templates a site can
override (``<custom_dir>/urlkeeper/*.html``); escaping holds in an override, and a broken
override is bad input naming its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from urlkeeper import config as config_mod, fragments, templating
from urlkeeper.errors import InputError
from urlkeeper.html_scan import is_redirect_page
from urlkeeper.renderers.html_pages import page

GOLDEN = Path(__file__).parent / "golden" / "redirect-page.html"
NASTY = '/x/</script><script>alert("1")</script>?a=1&b=\'2\'\u2028#f'
ANCHORS = {"<b>": "/en/new/#b", "old": NASTY}


def test_the_default_page_is_byte_for_byte_the_one_before_templates():
    # the snapshot was written by the str.format template this one replaced
    assert page(NASTY, "https://docs.example.com/c/\"><b>", ANCHORS) == GOLDEN.read_text(encoding="utf-8")


def test_the_default_forwarding_script():
    assert fragments.script({"a": "/en/x/#b"}, "/docs") == (
        '<script>(function () { var m = {"a": "/docs/en/x/#b"}; var h = location.hash.slice(1); '
        "try { h = decodeURIComponent(h); } catch (e) {} if (h && Object.prototype.hasOwnProperty.call(m, h) "
        "&& !document.getElementById(h)) { location.replace(m[h]); } })();</script>")


def _override(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "overrides"
    (folder / "urlkeeper").mkdir(parents=True, exist_ok=True)
    (folder / "urlkeeper" / name).write_text(text, encoding="utf-8")
    return folder


def test_an_override_gets_its_markup_and_keeps_escaping(tmp_path):
    folder = _override(tmp_path, "redirect.html",
                       '<meta name="generator" content="{{ generator }}">\n<main class="moved">'
                       '<a href="{{ target }}">{{ target }}</a><script>go({{ target|js }}, {{ anchors|js }})</script>'
                       "</main>\n")
    text = page(NASTY, NASTY, ANCHORS, folder)
    assert text.startswith('<meta name="generator" content="urlkeeper-redirect">\n<main class="moved">')
    assert is_redirect_page(text)
    assert "<script>alert" not in text and "<b>" not in text and text.count("</script>") == 1
    assert 'href="/x/&lt;/script&gt;&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt;?a=1&amp;b=&#x27;2&#x27;' in text
    script = text[text.index("<script>"):text.index("</script>")]
    assert "\\u003c/script\\u003e" in script and "\u2028" not in script and "\\u2028" in script
    assert page("/a/", "/a/", None, tmp_path / "elsewhere") == page("/a/", "/a/")  # no override there: ours


def test_an_override_of_the_forwarding_script(tmp_path):
    folder = _override(tmp_path, "forward.html", "<script>forward({{ targets|js }})</script>")
    assert fragments.script({"</script>": "/en/x/#b"}, "", folder) == \
        '<script>forward({"\\u003c/script\\u003e": "/en/x/#b"})</script>'


def test_a_broken_override_is_bad_input_naming_file_and_line(tmp_path):
    folder = _override(tmp_path, "redirect.html", "<p>\n{{ nowhere }}</p>\n")
    with pytest.raises(InputError) as err:
        page("/a/", "/a/", None, folder)
    assert str(err.value) == f"{folder / 'urlkeeper' / 'redirect.html'}:2: template redirect.html: 'nowhere' is undefined"
    folder = _override(tmp_path, "forward.html", "{% if %}")
    with pytest.raises(InputError, match=r"forward\.html:1: template forward\.html: "):
        fragments.script({"a": "/b/#c"}, "", folder)


def test_the_override_folder_is_the_themes_custom_dir(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: mkdocs\n  custom_dir: overrides\n")
    assert config_mod.load(tmp_path / "mkdocs.yml").templates_dir == tmp_path / "overrides"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ntheme: mkdocs\n")
    assert config_mod.load(tmp_path / "mkdocs.yml").templates_dir is None
    assert templating.override_dir({"theme": {"name": "mkdocs"}}, tmp_path) is None
