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

FIGURE_SIZE_IN = (6.4, 4.2)
"""Default figure size in inches (width, height).

Charts are read on phones as well as desktops: a page 390 px wide shows an image 358 px wide,
so a text of ``s`` points in a figure ``w`` inches wide appears ``s * 358 / (72 * w)`` CSS px
tall there. At 6.4 in and :data:`FONT_SCALE`, the smallest text (ticks, legend) is 12.1 pt:
9.4 px on a phone, 18.5 px on a desktop (the image shown at its 704 px)."""

FONT_SCALE = 1.1
"""seaborn ``font_scale``: 12.1 pt ticks and legend, 13.2 pt labels and titles."""

PHONE_IMAGE_PX = 358
"""Width of a chart on a 390 px phone (the page's side padding is 16 px)."""

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

    # set_theme resets fonts: set them after this
    sns.set_theme(context=context, style="whitegrid", font_scale=FONT_SCALE)
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
