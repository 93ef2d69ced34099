"""Numerical kernels that know nothing of the model: the lowest layer of the package.

:mod:`~isacmodel.numerics.polyroots` (real roots of many polynomials at once),
:mod:`~isacmodel.numerics.linalg` (stacks of small linear systems, reaction maps,
best-response stability) and :mod:`~isacmodel.numerics.search` (vectorised
golden-section search).
"""
