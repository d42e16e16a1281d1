"""Errors a user can act on: each carries a one-line message the CLI prints as is."""


class TranslatorError(Exception):
    """Base for every error the CLI reports in one line instead of a traceback."""


class InputError(TranslatorError):
    """An input that is not a usable page: binary, empty, undecodable, not French, too large."""


class OutputError(TranslatorError):
    """An output file that cannot be written: a folder in its place, no permission, a full disk."""


class ModelError(TranslatorError):
    """No usable translation package: missing, broken, or not installable offline."""


class GlossaryError(TranslatorError):
    """A glossary file that cannot be read or is invalid."""


class RulesError(TranslatorError):
    """A rule file that cannot be read, or a pattern that cannot be compiled safely."""


class SettingsError(TranslatorError):
    """A settings file or option with an unknown key, a wrong type or a value out of range."""
