"""The exceptions the engine raises (docs/PYTHON.md, "Errors").

The C++ extension (_goalpath) constructs these from the engine's own
exceptions; they live in Python so that they are ordinary classes one can
catch, subclass and pickle.
"""


class InputError(ValueError):
    """Something wrong in a scenario, or in what a call asks of it.

    str(e) is the text the command line prints ("file:line:col: error: ...
    [code]" and a hint line). Attributes: file, line, column (0 when
    unknown; line and column count from 1), code (stable, e.g.
    "unknown-name"), message (without position or hint), hint ("" when none).
    """

    __module__ = "goalpath"  # as users name it, and where pickle finds it

    def __init__(self, formatted, file="", line=0, column=0, code="", message="", hint=""):
        super().__init__(formatted)
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.message = message or formatted
        self.hint = hint

    def __reduce__(self):
        return (type(self), (self.args[0], self.file, self.line, self.column, self.code, self.message, self.hint))


class OptionError(ValueError):
    """A keyword argument out of range: field (the option's name, e.g.
    "paths"), value (as given, a string) and rule (what it must be)."""

    __module__ = "goalpath"  # as users name it, and where pickle finds it

    def __init__(self, text, field="", value="", rule=""):
        super().__init__(text)
        self.field = field
        self.value = value
        self.rule = rule

    def __reduce__(self):
        return (type(self), (self.args[0], self.field, self.value, self.rule))


class ResourceLimit(RuntimeError):
    """A study refused before it ran: it would take longer than max_seconds
    or more memory than max_memory_bytes. str(e) says how much it needs."""

    __module__ = "goalpath"  # as users name it, and where pickle finds it


class Cancelled(RuntimeError):
    """A study stopped by its cancel flag other than by Ctrl-C (which raises
    KeyboardInterrupt)."""

    __module__ = "goalpath"  # as users name it, and where pickle finds it
