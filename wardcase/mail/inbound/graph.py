"""The Microsoft 365 door: read a shared mailbox through Microsoft Graph, exactly once.

Each message in the mailbox's Inbox is fetched whole (MIME, `/$value`) and stored through
the same `inbound_store` as every door, keyed by the mailbox and Graph's immutable id
(`Prefer: IdType="ImmutableId"`, which stays the same when the message moves). Only once
the row is committed is the message moved to the processed folder. So a run stopped or
failed anywhere loses nothing (a message not stored is still in the Inbox) and
duplicates nothing (a message stored but not moved is found by its id next run and only
moved). A throttled run (429 with a long Retry-After) stops and leaves the rest to the
next run.
"""

import logging
from contextlib import nullcontext
from dataclasses import dataclass
from hashlib import sha256
from urllib.parse import quote

from django.db import transaction

from wardcase.core.locks import command_lock
from wardcase.mail.inbound.imap import FetchResult
from wardcase.mail.inbound.store import inbound_store
from wardcase.mail.m365 import GraphClient, GraphError, GraphThrottled, M365Config
from wardcase.mail.models_inbound import InboundMessage

logger = logging.getLogger(__name__)

IMMUTABLE_IDS = {"Prefer": 'IdType="ImmutableId"'}
PAGE_SIZE = 50
# A throttled call is retried within a run while the waits add up to no more than this.
MAX_WAIT_SECONDS = 30


@dataclass
class GraphFetchResult(FetchResult):
    moved: int = 0
    failed: int = 0
    throttled_for: int = 0


def graph_fetch(*, config: M365Config, use_lock: bool = True, limit: int = 500):
    """Store up to `limit` messages from the mailbox's Inbox, moving each once stored."""
    result = GraphFetchResult()
    lock_name = f"fetch_mail-graph-{sha256(config.mailbox.lower().encode()).hexdigest()[:16]}"
    with command_lock(lock_name) if use_lock else nullcontext(True) as held:
        if not held:
            result.locked_out = True
            return result
        client = GraphClient(config, max_wait=MAX_WAIT_SECONDS, headers=IMMUTABLE_IDS)
        try:
            folder_id = processed_folder_id(client=client)
            for graph_id in _inbox_ids(client, limit):
                try:
                    _store_and_move(client, graph_id, folder_id, result)
                except GraphThrottled:
                    raise
                except GraphError as exc:
                    # Left in the Inbox, so the next run tries it again.
                    logger.warning(
                        "Mail intake: message %s left for the next run: %s", graph_id, exc
                    )
                    result.failed += 1
        except GraphThrottled as exc:
            # Whatever is not yet stored is still in the Inbox for the next run.
            logger.warning("Mail intake paused: %s", exc)
            result.throttled_for = exc.retry_after
        finally:
            client.close()
    return result


def _store_and_move(client, graph_id, folder_id, result):
    mailbox = client.config.mailbox
    path = f"{client.config.mailbox_path}/messages/{quote(graph_id, safe='')}"
    known = InboundMessage.objects.filter(
        source=InboundMessage.Source.GRAPH, mailbox=mailbox, remote_id=graph_id
    ).exists()
    if known:
        result.already_stored += 1
    else:
        raw = client.request("GET", f"{path}/$value").content
        with transaction.atomic():
            _message, created = inbound_store(
                raw=raw, source=InboundMessage.Source.GRAPH, mailbox=mailbox, remote_id=graph_id
            )
        result.stored += created
        result.already_stored += not created
    # Stored and committed: only now may it leave the Inbox.
    client.request("POST", f"{path}/move", json={"destinationId": folder_id})
    result.moved += 1


def _inbox_ids(client, limit):
    """The ids of the Inbox's messages, oldest first, read in full before any is moved
    (moving while paging would shift the pages under us)."""
    url = (
        f"{client.config.mailbox_path}/mailFolders/inbox/messages"
        f"?$select=id,internetMessageId&$orderby=receivedDateTime&$top={PAGE_SIZE}"
    )
    ids = []
    while url and len(ids) < limit:
        page = client.json("GET", url)
        ids += [item["id"] for item in page.get("value", [])]
        url = page.get("@odata.nextLink")
    return ids[:limit]


def processed_folder_id(*, client):
    """The id of the folder processed messages go to (a top-level folder), made if missing."""
    name = client.config.processed_folder
    folders = f"{client.config.mailbox_path}/mailFolders"
    escaped = name.replace("'", "''")
    query = f"?$filter=displayName eq '{escaped}'&$select=id,displayName"
    found = client.json("GET", folders + query).get("value", [])
    if found:
        return found[0]["id"]
    try:
        return client.json("POST", folders, json={"displayName": name})["id"]
    except GraphError as exc:
        if exc.status != 409:  # ErrorFolderExists: made meanwhile by someone else
            raise
        return client.json("GET", folders + query)["value"][0]["id"]
