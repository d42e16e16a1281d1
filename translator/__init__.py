"""translator: offline French-to-English news translation and cleanup.

    from translator import Pipeline
    english = Pipeline().translate(["Bonjour le monde."])

The public names load on first use, so importing the package (and `translator --help`) stays instant.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Pipeline", "Settings", "__version__", "load_settings"]


def __getattr__(name: str) -> Any:
    if name == "Pipeline":
        from translator.api import Pipeline

        return Pipeline
    if name in ("Settings", "load_settings"):
        from translator import settings

        return getattr(settings, name)
    raise AttributeError(f"module 'translator' has no attribute {name!r}")
