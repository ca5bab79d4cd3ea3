"""Rules are compared as servers compare paths, splat rules never loop on their own output,
and targets that could leave the site are refused (validate, through `check`)."""

from __future__ import annotations

from urlkeeper import findings as F
from urlkeeper.http_model import Hop, HttpModel
from urlkeeper.inventory import Inventory
from urlkeeper.resolve import Resolver
from urlkeeper.rules import Rule, parse_source
from urlkeeper.validate import validate


def _rule(source: str, target: str, line: int = 1) -> Rule:
    key, prefix = parse_source(source)
    return Rule(key, target, prefix=prefix, file="redirects/x.yml", line=line, raw_source=source)


def _inventory() -> Inventory:
    inv = Inventory()
    for page in ("/en/", "/en/new/", "/en/café/", "/en/developer-portal/cors/"):
        inv.add(page)
    return inv


def _codes(rules):
    found, _valid = validate(rules, _inventory())
    return [(f.code, f.line) for f in found]


def test_percent_encoded_sources_are_duplicates():
    assert (F.DUPLICATE_SOURCE, 2) in _codes([_rule("/en/dz/", "/en/new/"), _rule("/en/%64z/", "/en/café/", 2)])
    assert (F.DUPLICATE_SOURCE, 2) in _codes([_rule("/en/%C3%A9t%C3%A9/", "/en/new/"), _rule("/en/%c3%a9t%c3%a9/", "/en/new/", 2)])
    assert (F.UNSAFE_URL, 1) in _codes([_rule("/en/a/./b/", "/en/new/"), _rule("/en/a/b/", "/en/new/", 2)])  # dot segment
    assert (F.DUPLICATE_SOURCE, 2) in _codes([_rule("/en/old/*", "/en/new/*"), _rule("/en/%6Fld/*", "/en/new/*", 2)])


def test_scheme_relative_splat_target_is_refused():
    codes = _codes([_rule("/en/legacy/*", "/*")])
    assert codes == [(F.SCHEME_RELATIVE_TARGET, 1)]
    assert F.SCHEME_RELATIVE_TARGET.bad_input  # check exits 2
    assert _codes([_rule("/en/legacy/*", "/en/*")]) == []


def test_catch_all_never_takes_its_own_output():
    rules = [_rule("/*", "/en/*")]
    found, valid = validate(rules, _inventory())
    assert not [f for f in found if f.code is F.REDIRECT_LOOP]
    model = HttpModel(Resolver(valid, _inventory()))
    assert model.answer("/en/nope/") == [Hop(404)]  # not /en/en/nope/, /en/en/en/nope/ ...
    assert model.answer("/nope/") == [Hop(404)]  # the splat answers only with a live page: no dead end
    assert model.answer("/nope.html") == [Hop(404)]
    assert model.answer("/new.html") == [Hop(301, "/en/new/"), Hop(200)]
    assert model.answer("/en/developer-portal/cors") == [Hop(301, "/en/developer-portal/cors/"), Hop(200)]
    assert model.answer("/new/?q=1") == [Hop(301, "/en/new/?q=1"), Hop(200)]


def test_request_input_never_reaches_a_location_unescaped():
    model = HttpModel(Resolver([_rule("/*", "/en/*")], _inventory()))
    for hostile in ("/a%0D%0ASet-Cookie:%20x=1", "/%5Cevil.example/", "/caf%C3%A9/", "/a%22b/", "/x%00/", "/a%2Fb/"):
        hops = model.answer(hostile)
        assert hops[0].status in (400, 404), (hostile, hops)
    assert model.answer("//evil.example/") == [Hop(404)]  # slashes merged; /en/evil.example/ is no page
    assert model.answer("//new/")[0] == Hop(301, "/en/new/")
    assert model.answer("/en/legacy/%2e%2e/%2e%2e/x")[0] == Hop(400)


def test_splat_answers_only_with_a_live_target_in_model_and_resolver():
    """A splat rule answers only when its one-hop target is served; a target that is only
    another rule's source (a chain) is not, in the model and in the resolver alike."""
    rules = [_rule("/old/*", "/en/*"), _rule("/en/moved/", "/en/new/", 2)]
    _found, valid = validate(rules, _inventory())
    resolver = Resolver(valid, _inventory())
    model = HttpModel(resolver)
    assert model.answer("/old/new/") == [Hop(301, "/en/new/"), Hop(200)]
    assert resolver.resolve("/old/new/").page == "/en/new/"
    for url in ("/old/nope/", "/old/nope.html", "/old/moved/"):  # missing, missing, a chain
        assert model.answer(url) == [Hop(404)], url
        res = resolver.resolve(url)
        assert not res.ok and res.hops == [] and res.problem == "no live page and no redirect rule", url
    assert model.answer("/en/moved/") == [Hop(301, "/en/new/"), Hop(200)]  # the exact rule itself still answers
