"""Errors a mail transport raises that are no fault of the message being sent."""


class SendDeferred(Exception):  # noqa: N818 - it is a request to wait, not an error of the message
    """The mail service cannot take messages now: it throttles us (HTTP 429, Retry-After),
    or refuses Wardcase's own credentials. Every message still to go waits `retry_after`
    seconds in the outbox, and the attempt is not counted against it."""

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
