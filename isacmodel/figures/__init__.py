"""Every figure of the book: a style module and one module per chapter.

Figures import the math layers and never the other way round; the book cites each
figure's function, so its provenance is one click away.
"""
