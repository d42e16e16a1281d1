"""Engine backends by name: `[engine] backend = "ctranslate2"` picks the class that runs the model.

Each entry is an import path, so naming a backend costs nothing until it is loaded. A backend is
a class built as `Backend(model, options, memory)` that implements
`translator.engine.protocol.TranslationEngine`; add one by adding an entry here.
"""

from __future__ import annotations

import importlib

from translator.errors import ModelError

BACKENDS: dict[str, str] = {
    "ctranslate2": "translator.engine.engine:Engine",
}


def backend_class(name: str) -> type:
    """The class registered under `name`, or ModelError listing the known names."""
    if name not in BACKENDS:
        raise ModelError(f"unknown engine backend {name!r} (known: {', '.join(sorted(BACKENDS))})")
    module_name, attribute = BACKENDS[name].split(":")
    return getattr(importlib.import_module(module_name), attribute)
