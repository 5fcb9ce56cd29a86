"""The fake Graph's mail calls for one mailbox: list the Inbox, fetch MIME, find and make
folders, move, sendMail with MIME; with expired tokens, throttling and failures as steered."""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
from email import message_from_bytes, policy
from urllib.parse import parse_qs, unquote, urlsplit

from tests.graph_server.base import HandlerBase
from tests.graph_server.state import MAILBOX, ROOT_FOLDER_ID, new_graph_id


class MailHandler(HandlerBase):
    def _graph(self, method):
        state = self.state
        path = unquote(urlsplit(self.path).path)
        with state.lock:
            state.graph_requests.append((method, path))
            token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
            expiry = state.tokens.get(token)
            throttled = state.throttled > 0
            state.throttled -= throttled
            failing = next((f for f in state.failures if f[0] == method and f[1] in path), None)
            if failing:
                state.failures.remove(failing)
        if expiry is None:
            return self._graph_error(
                401, "InvalidAuthenticationToken", "IDX14100: JWT is not well formed."
            )
        if expiry < time.time():
            return self._graph_error(
                401,
                "InvalidAuthenticationToken",
                "Lifetime validation failed, the token is expired.",
            )
        if throttled:
            return self._graph_error(
                429,
                "ApplicationThrottled",
                "Application is over its MailboxConcurrency limit.",
                {"Retry-After": str(state.retry_after)},
            )
        if failing:
            return self._graph_error(
                500, "ErrorInternalServerError", "An internal server error occurred."
            )
        prefix = f"/v1.0/users/{MAILBOX}"
        if not path.startswith(prefix):
            return self._graph_error(
                404, "ErrorInvalidUser", f"The requested user '{path.split('/')[3]}' is invalid."
            )
        rest = path.removeprefix(prefix)
        routes = [
            ("GET", r"/mailFolders/inbox/messages", self._list_inbox),
            ("GET", r"/mailFolders", self._find_folder),
            ("POST", r"/mailFolders", self._make_folder),
            ("GET", r"/messages/(?P<id>[^/]+)/\$value", self._mime),
            ("POST", r"/messages/(?P<id>[^/]+)/move", self._move),
            ("POST", r"/sendMail", self._send_mail),
        ]
        for route_method, pattern, action in routes:
            found = re.fullmatch(pattern, rest)
            if route_method == method and found:
                return action(**found.groupdict())
        return self._graph_error(400, "BadRequest", f"Resource not found for the segment '{rest}'.")

    def _list_inbox(self):
        query = parse_qs(urlsplit(self.path).query)
        top, skip = int(query.get("$top", ["10"])[0]), int(query.get("$skip", ["0"])[0])
        with self.state.lock:
            ids = list(self.state.folders[self.state.inbox_id]["messages"])
            raws = self.state.folders[self.state.inbox_id]["messages"]
            page = [
                {
                    "@odata.etag": f'W/"CQAAABYAAAAd{secrets.token_hex(8)}"',
                    "id": graph_id,
                    "internetMessageId": str(
                        message_from_bytes(raws[graph_id], policy=policy.default)["Message-ID"]
                    ),
                }
                for graph_id in ids[skip : skip + top]
            ]
        body = {
            "@odata.context": f"https://graph.microsoft.com/v1.0/$metadata#users('{MAILBOX}')"
            "/mailFolders('inbox')/messages(id,internetMessageId)",
            "value": page,
        }
        if skip + top < len(ids):
            body["@odata.nextLink"] = (
                f"{self._origin}/v1.0/users/{MAILBOX}/mailFolders/inbox/messages"
                f"?%24select=id%2cinternetMessageId&%24orderby=receivedDateTime&%24top={top}"
                f"&%24skip={skip + top}"
            )
        self._send(200, body)

    def _folder_json(self, folder_id, folder):
        return {
            "id": folder_id,
            "displayName": folder["displayName"],
            "parentFolderId": ROOT_FOLDER_ID,
            "childFolderCount": 0,
            "unreadItemCount": 0,
            "totalItemCount": len(folder["messages"]),
            "isHidden": False,
        }

    def _find_folder(self):
        query = parse_qs(urlsplit(self.path).query)
        found = re.fullmatch(r"displayName eq '((?:[^']|'')*)'", query.get("$filter", [""])[0])
        name = found.group(1).replace("''", "'") if found else None
        with self.state.lock:
            value = [
                self._folder_json(folder_id, folder)
                for folder_id, folder in self.state.folders.items()
                if name is None or folder["displayName"] == name
            ]
        self._send(
            200,
            {
                "@odata.context": f"https://graph.microsoft.com/v1.0/$metadata#users('{MAILBOX}')/mailFolders",
                "value": value,
            },
        )

    def _make_folder(self):
        name = json.loads(self._body())["displayName"]
        with self.state.lock:
            if any(f["displayName"] == name for f in self.state.folders.values()):
                return self._graph_error(
                    409, "ErrorFolderExists", "A folder with the specified name already exists."
                )
            folder_id = new_graph_id()
            self.state.folders[folder_id] = {"displayName": name, "messages": {}}
            body = self._folder_json(folder_id, self.state.folders[folder_id])
        self._send(
            201,
            {
                "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('"
                f"{MAILBOX}')/mailFolders/$entity",
                **body,
            },
        )

    def _find_message(self, graph_id):
        for folder in self.state.folders.values():
            if graph_id in folder["messages"]:
                return folder
        return None

    def _not_found(self):
        self._graph_error(
            404, "ErrorItemNotFound", "The specified object was not found in the store."
        )

    def _mime(self, id):  # noqa: A002 - the route's name
        with self.state.lock:
            folder = self._find_message(id)
            raw = folder["messages"][id] if folder else None
        if raw is None:
            return self._not_found()
        self._send(200, raw)

    def _move(self, id):  # noqa: A002 - the route's name
        destination = json.loads(self._body())["destinationId"]
        with self.state.lock:
            folder = self._find_message(id)
            if folder is None or destination not in self.state.folders:
                return self._not_found()
            # Immutable ids (Prefer: IdType="ImmutableId") stay the same across a move.
            self.state.folders[destination]["messages"][id] = folder["messages"].pop(id)
        self._send(201, {"id": id, "parentFolderId": destination})

    def _send_mail(self):
        body = self._body()
        try:
            raw = base64.b64decode(body, validate=True)
        except ValueError:
            return self._graph_error(
                400,
                "ErrorMimeContentInvalidBase64String",
                "Invalid base64 string for MIME content.",
            )
        with self.state.lock:
            self.state.sent.append(raw)
        self._send(202)
