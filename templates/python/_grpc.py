{% import "macros.py" as m -%}
{% call m::header(notice, "gRPC status codes (`google.rpc.Code`) and the HTTP mapping (README, rule 17).") %}{% endcall %}

from enum import IntEnum


class GrpcCode(IntEnum):
    """The canonical error codes of gRPC, `google.rpc.Code`: the member's
    name is the code's name (`RESOURCE_EXHAUSTED`), its value the number."""

    OK = 0
    """Not an error."""
    CANCELLED = 1
    """The operation was cancelled, typically by the caller."""
    UNKNOWN = 2
    """Unknown error."""
    INVALID_ARGUMENT = 3
    """The client specified an invalid argument."""
    DEADLINE_EXCEEDED = 4
    """The deadline expired before the operation could complete."""
    NOT_FOUND = 5
    """Some requested entity was not found."""
    ALREADY_EXISTS = 6
    """The entity that a client attempted to create already exists."""
    PERMISSION_DENIED = 7
    """The caller does not have permission to execute the operation."""
    RESOURCE_EXHAUSTED = 8
    """Some resource has been exhausted, such as a quota."""
    FAILED_PRECONDITION = 9
    """The system is not in a state required for the operation."""
    ABORTED = 10
    """The operation was aborted, typically by a concurrency conflict."""
    OUT_OF_RANGE = 11
    """The operation was attempted past the valid range."""
    UNIMPLEMENTED = 12
    """The operation is not implemented or not supported."""
    INTERNAL = 13
    """Internal error."""
    UNAVAILABLE = 14
    """The service is currently unavailable."""
    DATA_LOSS = 15
    """Unrecoverable data loss or corruption."""
    UNAUTHENTICATED = 16
    """The request does not have valid authentication credentials."""

    def __str__(self) -> str:
        return self.name


_BY_STATUS = {
    400: GrpcCode.INVALID_ARGUMENT,
    401: GrpcCode.UNAUTHENTICATED,
    403: GrpcCode.PERMISSION_DENIED,
    404: GrpcCode.NOT_FOUND,
    409: GrpcCode.ABORTED,
    429: GrpcCode.RESOURCE_EXHAUSTED,
    499: GrpcCode.CANCELLED,
    500: GrpcCode.INTERNAL,
    501: GrpcCode.UNIMPLEMENTED,
    503: GrpcCode.UNAVAILABLE,
    504: GrpcCode.DEADLINE_EXCEEDED,
}


def grpc_code_for_status(status: int) -> GrpcCode:
    """The gRPC code an HTTP status maps to (`google/rpc/code.proto`);
    `UNKNOWN` for a status the mapping does not list."""
    return _BY_STATUS.get(status, GrpcCode.UNKNOWN)
