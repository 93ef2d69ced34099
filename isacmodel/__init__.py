"""isacmodel: the model of Gal-Or & Ghose (2005), derived with sympy and checked with numpy.

The package mirrors the paper: :mod:`isacmodel.params` (parameters and the paper's
assumptions), :mod:`isacmodel.model` (section 2's primitives and the Bertrand
prices), :mod:`isacmodel.consumer` (Appendix A's demand derivation),
:mod:`isacmodel.bertrand` and :mod:`isacmodel.nash` (section 2.1: the proofs'
expressions, and the equilibria), :mod:`isacmodel.welfare` (section 2.2: welfare,
the planner, the joint-profit ISA, price collusion), :mod:`isacmodel.sequential`
(section 3: the leader-follower game, footnote 27), :mod:`isacmodel.volume`
(section 4: volume-related costs), :mod:`isacmodel.claims` with
:mod:`isacmodel.sampling` (every claim of the paper and its evidence; run
``python -m isacmodel verify``) and :mod:`isacmodel.errata` (where the printed
paper differs from the derivations).
Plotting lives in :mod:`isacmodel.figures`, :mod:`isacmodel.welfare_figures`,
:mod:`isacmodel.sequential_figures` and :mod:`isacmodel.widgets`, which the math
modules never import.
"""

from .claims import CLAIMS, verify_all
from .errata import ERRATA, Erratum
from .nash import nash_equilibria, solve_nash, solve_nash_batch
from .params import AssumptionCheck, Params, ParamsBatch
from .results import BatchEquilibria, Equilibrium, EquilibriumError
from .sequential import solve_stackelberg, solve_stackelberg_batch, solve_technology_first
from .volume import solve_volume_nash, solve_volume_nash_batch
from .welfare import (
    solve_collusion,
    solve_joint_profit,
    solve_nash_no_sharing,
    solve_regime_batch,
    solve_social_optimum,
)

__all__ = [
    "CLAIMS",
    "ERRATA",
    "AssumptionCheck",
    "BatchEquilibria",
    "Equilibrium",
    "EquilibriumError",
    "Erratum",
    "Params",
    "ParamsBatch",
    "nash_equilibria",
    "solve_collusion",
    "solve_joint_profit",
    "solve_nash",
    "solve_nash_batch",
    "solve_nash_no_sharing",
    "solve_regime_batch",
    "solve_social_optimum",
    "solve_stackelberg",
    "solve_stackelberg_batch",
    "solve_technology_first",
    "solve_volume_nash",
    "solve_volume_nash_batch",
    "verify_all",
]
__version__ = "0.1.0"
