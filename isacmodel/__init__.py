"""isacmodel: the model of Gal-Or & Ghose (2005), derived with sympy and checked with numpy.

The package is built in layers, lowest first; a module imports only from its own layer
or a lower one, and ``tests/test_architecture.py`` checks that (no import cycle, no
upward import, no private name used across modules, no module over 600 lines):

``numerics/``
    Kernels that know nothing of the model: batched polynomial roots, small linear
    algebra, searches, Newton iterations.
``core/``
    The model: ``Params``/``ParamsBatch`` with the paper's assumptions, the symbols and
    primitives (demand (1), leakage (2), demand shift (3), costs), the menu of
    functional-form families with their checks, the sign prover, and the one
    compile-and-evaluate layer from sympy to numpy.
``derive/``
    Sympy derivations for general ``f`` and ``g``, one module per part of the paper.
``solve/``
    One module per game, each with one interface for every family:
    ``solve_<game>(params, spec=BASELINE)`` and ``solve_<game>_batch(batch, spec=BASELINE)``,
    returning :class:`Equilibrium` / :class:`BatchEquilibria`.  The baseline's exact
    polynomial path is the fast backend; the ``*_newton`` modules serve the other
    families.  The result types sit here, not in ``core/``, because an equilibrium knows
    its welfare, which is derived in ``derive/welfare``.
``verify/``
    Seeded samples, the claims registry (one module per chapter, each claim a named
    check), the errata, the robustness atlas and the disk cache.
``figures/``
    A style module and one module per chapter (data apart from drawing).
``widgets``, ``book``
    Live explorers and the book's helpers.

Where a new piece goes: a claim in ``verify/claims/<chapter>.py`` with its test in
``tests/test_claims_<chapter>.py``; a functional-form family in ``core/families.py``
(checked for the paper's assumptions when it is built); a figure in
``figures/<chapter>.py`` (its data in ``figures/<chapter>_data.py``); a game in
``solve/<game>.py``, returning :class:`BatchEquilibria`.
"""

from isacmodel.core.families import (
    BASELINE,
    COST_FAMILIES,
    LEAKAGE_FAMILIES,
    PHI_FAMILIES,
    Specification,
    specification,
)
from isacmodel.core.params import AssumptionCheck, Params, ParamsBatch
from isacmodel.core.regimes import Regime
from isacmodel.solve.mechanism import solve_mechanism_batch, solve_mechanism_nash
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
    solve_technology_first_batch,
)
from isacmodel.solve.volume import solve_volume_nash, solve_volume_nash_batch
from isacmodel.verify.claims import CLAIMS, verify_all
from isacmodel.verify.errata import ERRATA, Erratum

__all__ = [
    # parameters and functional-form families
    "Params",
    "ParamsBatch",
    "AssumptionCheck",
    "Specification",
    "specification",
    "BASELINE",
    "COST_FAMILIES",
    "LEAKAGE_FAMILIES",
    "PHI_FAMILIES",
    # results
    "Equilibrium",
    "BatchEquilibria",
    "EquilibriumError",
    "Regime",
    # solvers, one per game (section 2.1, 2.2, 3, 4, Appendix B)
    "solve_nash",
    "solve_nash_batch",
    "nash_equilibria",
    "solve_social_optimum",
    "solve_joint_profit",
    "solve_collusion",
    "solve_nash_no_sharing",
    "solve_regime_batch",
    "solve_stackelberg",
    "solve_stackelberg_batch",
    "solve_technology_first",
    "solve_technology_first_batch",
    "solve_volume_nash",
    "solve_volume_nash_batch",
    "solve_mechanism_nash",
    "solve_mechanism_batch",
    # checks of the paper
    "CLAIMS",
    "verify_all",
    "ERRATA",
    "Erratum",
]
__version__ = "0.1.0"
