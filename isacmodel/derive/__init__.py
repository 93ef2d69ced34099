"""Sympy derivations for general ``f`` and ``g``, one module per part of the paper.

:mod:`~isacmodel.derive.consumer` (Appendix A: the utility behind demand (1)),
:mod:`~isacmodel.derive.bertrand` (section 2.1: prices, payoffs and the expressions of
the proofs), :mod:`~isacmodel.derive.welfare` (section 2.2: welfare, joint profit and
the conditions of Proposition 5's proof).  Nothing here solves a game.
"""
