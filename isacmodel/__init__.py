"""isacmodel: the model of Gal-Or & Ghose (2005), derived with sympy and checked with numpy.

The package mirrors the paper: :mod:`isacmodel.params` (parameters and the paper's
assumptions), :mod:`isacmodel.model` (section 2's primitives and the Bertrand
prices), :mod:`isacmodel.consumer` (Appendix A's demand derivation) and
:mod:`isacmodel.errata` (where the printed paper differs from the derivations).
Plotting lives in :mod:`isacmodel.figures` and :mod:`isacmodel.widgets`, which the
math modules never import.
"""

from .errata import ERRATA, Erratum
from .params import AssumptionCheck, Params

__all__ = ["ERRATA", "AssumptionCheck", "Erratum", "Params"]
__version__ = "0.1.0"
