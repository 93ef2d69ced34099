"""isacmodel: the model of Gal-Or & Ghose (2005), derived with sympy and checked with numpy.

The package mirrors the paper: :mod:`isacmodel.core.params` (parameters and the paper's
assumptions), :mod:`isacmodel.core.model` (section 2's primitives and the Bertrand
prices), :mod:`isacmodel.derive.consumer` (Appendix A's demand derivation),
:mod:`isacmodel.derive.bertrand` and :mod:`isacmodel.solve.nash` (section 2.1: the proofs'
expressions, and the equilibria), :mod:`isacmodel.derive.welfare` (section 2.2: welfare,
the planner, the joint-profit ISA, price collusion), :mod:`isacmodel.solve.sequential`
(section 3: the leader-follower game, footnote 27), :mod:`isacmodel.solve.volume`
(section 4: volume-related costs), :mod:`isacmodel.verify.claims` with
:mod:`isacmodel.verify.sampling` (every claim of the paper and its evidence; run
``python -m isacmodel verify``) and :mod:`isacmodel.verify.errata` (where the printed
paper differs from the derivations).
Plotting lives in :mod:`isacmodel.figures.bertrand`, :mod:`isacmodel.figures.welfare`,
:mod:`isacmodel.figures.sequential` and :mod:`isacmodel.widgets`, which the math
modules never import.
"""

from isacmodel.core.params import AssumptionCheck, Params, ParamsBatch
from isacmodel.solve.nash import nash_equilibria, solve_nash, solve_nash_batch
from isacmodel.solve.optima import (
    solve_collusion,
    solve_joint_profit,
    solve_nash_no_sharing,
    solve_regime_batch,
    solve_social_optimum,
)
from isacmodel.solve.results import BatchEquilibria, Equilibrium, EquilibriumError
from isacmodel.solve.sequential import (
    solve_stackelberg,
    solve_stackelberg_batch,
    solve_technology_first,
)
from isacmodel.solve.volume import solve_volume_nash, solve_volume_nash_batch
from isacmodel.verify.claims import CLAIMS, verify_all
from isacmodel.verify.errata import ERRATA, Erratum

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
