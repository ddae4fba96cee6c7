"""The one error a ledger file raises for the user."""


class LedgerFileError(Exception):
    """The file as a whole cannot be imported; str() is the message for the user."""
