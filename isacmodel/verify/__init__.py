"""The evidence: every claim of the paper checked, its errata, and the robustness atlas.

:mod:`~isacmodel.verify.sampling` (seeded admissible draws and the solutions at them),
:mod:`~isacmodel.verify.claims` (the registry: each claim a named check),
:mod:`~isacmodel.verify.errata` (where the printed paper differs from the derivation),
:mod:`~isacmodel.verify.atlas` (the claims under every family of the menu) and
:mod:`~isacmodel.verify.cache` (the disk cache and the source digests).
"""
