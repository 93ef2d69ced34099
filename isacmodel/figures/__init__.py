"""The book's figures: one drawing module per chapter, its data apart, one shared style.

* :mod:`~isacmodel.figures.style`: the Okabe–Ito palette, parameter labels, the
  regimes' and roles' line styles and the drawing helpers every chapter shares;
* :mod:`~isacmodel.figures.sweeps`: grids and argument checks shared by the data
  modules (numpy only);
* per chapter, ``<chapter>.py`` draws (every public ``*_figure`` function, cited by
  the chapter's captions) and ``<chapter>_data.py`` computes what it draws with the
  solvers, without matplotlib: :mod:`~isacmodel.figures.model`,
  :mod:`~isacmodel.figures.bertrand`, :mod:`~isacmodel.figures.welfare`,
  :mod:`~isacmodel.figures.sequential`, :mod:`~isacmodel.figures.volume`,
  :mod:`~isacmodel.figures.mechanism` and :mod:`~isacmodel.figures.atlas`.

No chapter's module imports another chapter's.
"""
