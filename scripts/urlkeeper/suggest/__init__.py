"""``urlkeeper redirects suggest``: where the content of a broken old URL went.

Page fingerprints (:mod:`.fingerprint`, :mod:`.signature`, :mod:`.extract`) are taken from
the old side (baseline sidecars, Markdown at a git revision, an old built site:
:mod:`.sources`) and the current build; an index (:mod:`.index`) finds candidates without
comparing all pairs, :mod:`.evidence` weighs them, :mod:`.engine` decides, :mod:`.run` ties
it to the baselines and redirect maps, :mod:`.report` writes the redirect map.
"""
