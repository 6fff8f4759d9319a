"""Turn scraped podcast and talk pages into a static site of readable talks."""

__version__ = "0.1.0"
