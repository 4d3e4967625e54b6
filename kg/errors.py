"""The one exception kg raises for bad input: its message is a single line meant for the user."""


class InputError(Exception):
    """Bad input (file, option or graph); ``str(exc)`` is a one-line message for stderr."""
