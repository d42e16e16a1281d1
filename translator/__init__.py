"""translator: offline French-to-English news translation and cleanup."""

__version__ = "0.1.0"
