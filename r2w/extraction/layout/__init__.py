"""Layout: lines, blocks, columns and reading order of a Reading, with typography per line."""

from r2w.extraction.layout.build import lay_out
from r2w.extraction.layout.model import Layout, TextBlock, TextLine

__all__ = ["Layout", "TextBlock", "TextLine", "lay_out"]
