"""The games of the paper by who chooses, and how: the one name of each regime."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Regime"]


class Regime(StrEnum):
    """Who chooses sharing and investment, and how (each member equals its string value).

    ``NASH``: both firms simultaneously (section 2.1); ``JOINT_PROFIT``: an ISA that
    maximises joint profit, prices left to Bertrand competition, and ``COLLUSION``: one
    that also sets a collusive price; ``SOCIAL_OPTIMUM``: the planner (section 2.2);
    ``STACKELBERG``: firm i leads (section 3); ``TECHNOLOGY_FIRST``: investment before
    sharing (footnote 27).

    >>> Regime.JOINT_PROFIT == "joint profit"
    True
    """

    NASH = "nash"
    JOINT_PROFIT = "joint profit"
    SOCIAL_OPTIMUM = "social optimum"
    COLLUSION = "collusion"
    STACKELBERG = "stackelberg"
    TECHNOLOGY_FIRST = "technology first"
