"""Sympy derivations for general ``f`` and ``g``, one module per part of the paper.

:mod:`~isacmodel.derive.consumer` (Appendix A: the utility behind demand (1)),
:mod:`~isacmodel.derive.bertrand` (section 2.1: prices, payoffs and the expressions of
the proofs), :mod:`~isacmodel.derive.welfare` (section 2.2: welfare, joint profit and
the conditions of Proposition 5's proof), :mod:`~isacmodel.derive.volume` (section 4:
volume-related costs, the second-stage prices, conditions (17)-(18) and the expressions
of Proposition 7's proof).  Nothing here solves a game.
"""
