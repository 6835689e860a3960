"""The briefing chart style: seaborn's theme with Noto Sans CJK SC for every text.

``seaborn.set_theme`` resets the font settings, so the font is set *after* it. The font file
comes with the install (see :mod:`hongtonglib.fonts`) and is registered with matplotlib's
``font_manager.addfont``: no system font is looked for, and Chinese text draws without
missing-glyph warnings.

Examples
--------
>>> family = use_briefing_style()
>>> family
'Noto Sans CJK SC'
"""

from __future__ import annotations

import logging

from hongtonglib.fonts import cjk_font_path

logger = logging.getLogger(__name__)

FIGURE_SIZE_IN = (8.0, 4.5)
"""Default figure size in inches (width, height)."""

FIGURE_DPI = 110
"""Resolution of figures on screen and in the rendered pages."""


def use_briefing_style(*, context: str = "notebook", dpi: int = FIGURE_DPI) -> str:
    """Apply the briefing style to matplotlib and return the CJK font family name.

    Parameters
    ----------
    context : str
        seaborn plotting context (``"notebook"``, ``"paper"``, ``"talk"``).
    dpi : int
        Figure resolution in dots per inch.

    Returns
    -------
    str
        The family name registered for the CJK font (``"Noto Sans CJK SC"``).
    """
    import matplotlib as mpl
    import seaborn as sns
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()

    sns.set_theme(context=context, style="whitegrid")  # resets fonts: set them after this
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = True  # the font has U+2212
    mpl.rcParams["figure.figsize"] = FIGURE_SIZE_IN
    mpl.rcParams["figure.dpi"] = dpi
    mpl.rcParams["savefig.dpi"] = dpi
    mpl.rcParams["figure.autolayout"] = False
    mpl.rcParams["figure.constrained_layout.use"] = True
    _show_figures_as_png()
    logger.debug("briefing chart style applied with font %s (%s)", family, path)
    return family


def _show_figures_as_png() -> None:
    """In a notebook, show any :class:`~matplotlib.figure.Figure` result as a PNG image.

    The chart helpers return figures not managed by pyplot, so the inline backend does not
    flush them: the cell's result shows them, once. Outside IPython nothing is done.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return
    if get_ipython() is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("png")
