"""The CJK font every PDF embeds, shipped in resources/fonts with its licence.

WenQuanYi Micro Hei has TrueType outlines for Latin and CJK alike, so reportlab
can embed (subset) it and Chinese prints on a machine with no CJK fonts. Noto
CJK is CFF-flavoured and reportlab cannot embed it.
"""

from __future__ import annotations

import functools

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from inspector_desktop.paths import resources_dir

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = "wqy-microhei.ttc"


@functools.cache
def register_cjk_font() -> str:
    """Register the font once per process; returns the name to use in styles."""
    path = resources_dir() / "fonts" / FONT_FILE
    if not path.exists():
        raise FileNotFoundError(f"the CJK font is missing from the installation: {path}")
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
    # PDFs travel as files, not 7-bit mail: binary streams are a fifth smaller, and
    # reportlab's pure-Python ASCII85 encoder was a third of a sheet's build time.
    rl_config.useA85 = 0
    return FONT_NAME
