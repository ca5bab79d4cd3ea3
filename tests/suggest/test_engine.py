"""The decisions of the suggestion engine on fingerprints taken from Markdown (no build)."""

from __future__ import annotations

import pages

from urlkeeper.inventory import Inventory
from urlkeeper.resolve import Resolver
from urlkeeper.suggest import extract, run


def _suggest(old: dict[str, str], new: dict[str, str]) -> dict[str, run.engine.Suggestion]:
    old_fp = {u: extract.from_markdown(u, t) for u, t in old.items()}
    new_fp = {u: extract.from_markdown(u, t) for u, t in new.items()}
    inventory = Inventory({u: frozenset(a for a, _ in fp.headings) for u, fp in new_fp.items()})
    out = run.Outcome("test")
    wanted = {u: {a for a, _ in fp.headings} for u, fp in old_fp.items()}
    run.match(out, wanted, old_fp, new_fp, inventory, Resolver([], inventory, None))
    return {s.old_url: s for s in out.suggestions}


def test_a_near_copy_that_was_already_live_is_not_where_a_deleted_page_went():
    copy = pages.API_KEYS.replace("Bearer scheme", "Token scheme").replace("401", "403")
    old = {"/v1/keys/": pages.md("API keys", pages.API_KEYS), "/v2/keys/": pages.md("API keys", copy),
           "/v1/oauth/": pages.md("OAuth", pages.OAUTH)}
    new = {"/v2/keys/": old["/v2/keys/"], "/v1/oauth/": old["/v1/oauth/"]}
    got = _suggest(old, new)
    s = got["/v1/keys/"]  # the v2 page always held that text: no evidence it moved there
    assert s.gone or s.confidence < 0.5, s.confidence


def test_the_same_page_moved_beside_a_near_copy_goes_to_the_moved_page():
    copy = pages.API_KEYS.replace("Bearer scheme", "Token scheme")
    old = {"/v1/keys/": pages.md("API keys", pages.API_KEYS), "/v2/keys/": pages.md("API keys", copy)}
    new = {"/v2/keys/": old["/v2/keys/"], "/v1/security/keys/": old["/v1/keys/"]}
    got = _suggest(old, new)["/v1/keys/"]
    assert got.target == "/v1/security/keys/" and got.confidence >= 0.8


def test_a_folder_index_follows_its_pages():
    old = {"/guide/basics/": "# Basics\n\n{{ macro_listing() }}\n",
           "/guide/basics/webhooks/": pages.md("Webhooks", pages.WEBHOOKS),
           "/guide/basics/events/": pages.md("Event types", pages.EVENTS)}
    new = {"/guide/start/": pages.md("Getting started", [("Webhooks", pages.WEBHOOKS), ("Event types", pages.EVENTS)])}
    got = _suggest(old, new)
    assert got["/guide/basics/webhooks/"].target == "/guide/start/#webhooks"
    assert got["/guide/basics/"].target == "/guide/start/" and got["/guide/basics/"].followed == 2


def test_a_page_without_text_is_matched_by_its_name():
    old = {"/usage/types/payment_cards/": "{{ external_markdown('https://example.com/payment_cards.md') }}\n",
           "/usage/types/coordinate/": "{{ external_markdown('https://example.com/coordinate.md') }}\n"}
    new = {"/api/extra_types_payment_cards/": "::: extra_types.payment_cards\n",
           "/api/extra_types_coordinate/": "::: extra_types.coordinate\n"}
    got = _suggest(old, new)
    assert got["/usage/types/payment_cards/"].target == "/api/extra_types_payment_cards/"
    assert got["/usage/types/coordinate/"].target == "/api/extra_types_coordinate/"


def test_unrelated_pages_are_gone_not_guessed():
    old = {"/a/legacy/": pages.md("Legacy export", pages.LEGACY)}
    new = {"/b/keys/": pages.md("API keys", pages.API_KEYS), "/b/limits/": pages.md("Rate limits", pages.RATE)}
    assert _suggest(old, new)["/a/legacy/"].gone


def test_a_page_split_into_a_section_goes_to_the_section_index():
    old = {"/configuration/auth/": pages.md("Authentication", [("API keys", pages.API_KEYS), ("OAuth", pages.OAUTH),
                                                               ("Webhooks", pages.WEBHOOKS)])}
    new = {"/concepts/auth/": pages.md("Authentication", "Three ways to prove who you are; pick one below.\n"),
           "/concepts/auth/keys/": pages.md("Key credentials", [("Keys", pages.API_KEYS), ("Limits", pages.RATE)]),
           "/concepts/auth/oauth/": pages.md("OAuth flows", [("Flows", pages.OAUTH), ("Retries", pages.RETRY)]),
           "/concepts/auth/hooks/": pages.md("Signed webhooks", [("Hooks", pages.WEBHOOKS), ("Events", pages.EVENTS)])}
    got = _suggest(old, new)["/configuration/auth/"]
    assert got.target == "/concepts/auth/", got.target
    assert {e.url for e in got.split} == {"/concepts/auth/keys/", "/concepts/auth/oauth/", "/concepts/auth/hooks/"}
    assert got.confidence >= 0.5 and got.best.content > 0.6


def test_headings_most_pages_have_say_little():
    generic = [("Configuration", "Set it in the settings file."), ("Usage", "Call it from your code.")]
    new = {f"/ref/p{i}/": pages.md(f"Reference {i}", generic) for i in range(8)}
    new["/guide/webhooks/"] = pages.md("Hooks", [("Delivery retries", pages.RETRY)])
    old_fp = extract.from_markdown("/old/", pages.md("Webhooks", [*generic, ("Delivery retries", pages.WEBHOOKS)]))
    index = run.Index({u: extract.from_markdown(u, t) for u, t in new.items()})
    ranked = {e.url: e for e in run.engine.rank(old_fp, index)}
    assert ranked["/guide/webhooks/"].headings > 0.3  # the one rare heading it shares
    assert ranked["/ref/p0/"].headings < 0.3  # two headings eight pages have: little evidence
    assert ranked["/guide/webhooks/"].headings > ranked["/ref/p0/"].headings


def test_a_new_title_holding_the_whole_old_one_is_title_evidence():
    from urlkeeper.suggest.evidence import weigh

    old = extract.from_markdown("/plugins/search/", pages.md("Search", pages.WEBHOOKS))
    longer = extract.from_markdown("/setup/site-search/", pages.md("Setting up site search", pages.EVENTS))
    other = extract.from_markdown("/setup/research/", pages.md("Research notes", pages.EVENTS))
    assert weigh(old, longer, None).title == 0.6 and weigh(old, other, None).title == 0.0


def test_many_broken_urls_are_decided_in_forked_workers_as_one_process_decides_them():
    """From run.PARALLEL_FROM broken URLs on, decisions are shared among the cores; the outcome
    is the same, in the same order, as deciding each one here."""
    import random

    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(400)]
    old, new = {}, {}
    for i in range(run.PARALLEL_FROM + 50):
        body = " ".join(rng.choice(vocab) for _ in range(120))
        old[f"/old/p{i}/"] = pages.md(f"Page {i}", f"Part one\n{body}\n")
        new[f"/new/{'x' if i % 3 else 'y'}/p{i}/"] = pages.md(f"Page {i}", f"Part one\n{body[: 300 + i]}\n")
    old_fp = {u: extract.from_markdown(u, t) for u, t in old.items()}
    new_fp = {u: extract.from_markdown(u, t) for u, t in new.items()}
    inventory = Inventory({u: frozenset(a for a, _ in fp.headings) for u, fp in new_fp.items()})
    index = run.Index(new_fp)
    wanted = {u: {a for a, _ in fp.headings} for u, fp in old_fp.items()}
    urls = sorted(old_fp)
    shared = run._decide_all(urls, (index, wanted, inventory.pages, old_fp))
    alone = [run.engine.decide(u, old_fp[u], index, wanted[u], inventory.pages, old_fp) for u in urls]
    assert [(s.old_url, s.target, s.confidence, [e.url for e in s.rivals]) for s in shared] == \
        [(s.old_url, s.target, s.confidence, [e.url for e in s.rivals]) for s in alone]
    assert sum(s.target == f"/new/{'x' if int(s.old_url[6:-1]) % 3 else 'y'}/p{s.old_url[6:-1]}/" for s in shared) > 200
