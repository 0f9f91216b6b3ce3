from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from novita_errors import server


async def create_image(request: Request) -> Response:
    request_id = request.headers.get("x-request-id")
    if "authorization" not in request.headers:
        # Only listed errors can be built; the catalog fixes status and body.
        error = server.invalid_api_key(request_id=request_id)
        return Response(error.body, error.status, dict(error.headers))
    if request.query_params.get("burst") == "1":
        error = server.rate_limit_exceeded(request_id=request_id, retry_delay=30)
        return Response(error.body, error.status, dict(error.headers))
    return Response(b'{"task_id":"t_1"}', 200, media_type="application/json")


app = Starlette(routes=[Route("/v3/async/txt2img", create_image, methods=["POST"])])
