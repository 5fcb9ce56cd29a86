"""Errors that services raise and every interface (web, API, commands) turns into a message."""


class ServiceError(Exception):
    """A rule stopped the action; `message` says why in words a user can act on."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = str(message)
        self.field = field


class ActionNotAllowed(ServiceError):
    """The user may see the object but may not do this to it."""


class NotFound(ServiceError):
    """The object does not exist, or the user may not know that it does."""


class ServiceUnavailable(ServiceError):
    """Something the action needs (e.g. the virus scanner) is down; trying later may work."""


class NeedsConfirmation(ServiceError):
    """The action is allowed but looks like a slip (a second chase within a day): it is done
    only if asked again with confirmation. `facts` says what the user should know first."""

    def __init__(self, message, *, facts=None):
        super().__init__(message)
        self.facts = dict(facts or {})
