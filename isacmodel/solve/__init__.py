"""One module per game of the paper, each with one interface for every family.

``solve_<game>(params, spec=BASELINE)`` and ``solve_<game>_batch(batch, spec=BASELINE)``:
:mod:`~isacmodel.solve.nash` (section 2.1), :mod:`~isacmodel.solve.optima` (section 2.2),
:mod:`~isacmodel.solve.sequential` (section 3), :mod:`~isacmodel.solve.volume`
(section 4), :mod:`~isacmodel.solve.mechanism` (Appendix B).  Under the baseline family
an exact polynomial backend runs; every other family goes to a Newton backend
(``*_newton`` modules); tests assert the two agree under the baseline.  All return the
result types of :mod:`~isacmodel.solve.results`, which sit here rather than in ``core``
because an equilibrium knows its welfare, derived in :mod:`isacmodel.derive.welfare`.
"""
