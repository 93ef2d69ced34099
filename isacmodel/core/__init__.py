"""The model itself, below every derivation and solver.

:mod:`~isacmodel.core.params` (``Params``, ``ParamsBatch``, admissibility and the paper's
assumptions), :mod:`~isacmodel.core.symbols` and :mod:`~isacmodel.core.model` (the
model's symbols and primitives: demand (1), leakage (2), demand shift (3), the cost,
Bertrand prices), :mod:`~isacmodel.core.families` (the menu of functional forms, each
checked by :mod:`~isacmodel.core.properties` with the sign prover
:mod:`~isacmodel.core.signs`), :mod:`~isacmodel.core.regimes` (``Regime``: the one name
of each game, used by every layer above) and :mod:`~isacmodel.core.compile` (the one
compile-and-evaluate layer from sympy to numpy over batches).
"""
