from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING

from novita_errors import server

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    error = server.model_not_found(request_id=environ.get("HTTP_X_REQUEST_ID"))
    status = f"{error.status} {HTTPStatus(error.status).phrase}"
    start_response(status, list(error.headers))
    return [error.body]
