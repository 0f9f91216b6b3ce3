// {{ v.notice }}

//! [`GrpcCode`]: the canonical error codes of `google.rpc.Code`
//! (`google/rpc/code.proto`), which every error maps to (README rule 17).

use std::fmt;

/// A canonical gRPC status code. Every [`ApiError`](super::ApiError) has
/// one: its definition's, else its class's, else the one its HTTP status
/// maps to ([`GrpcCode::from_status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GrpcCode {
    /// `OK` (0): not an error.
    Ok = 0,
    /// `CANCELLED` (1): the operation was cancelled, typically by the caller.
    Cancelled = 1,
    /// `UNKNOWN` (2): an error with no better code.
    Unknown = 2,
    /// `INVALID_ARGUMENT` (3): the client specified an invalid argument.
    InvalidArgument = 3,
    /// `DEADLINE_EXCEEDED` (4): the deadline expired before the operation
    /// could complete.
    DeadlineExceeded = 4,
    /// `NOT_FOUND` (5): a requested entity was not found.
    NotFound = 5,
    /// `ALREADY_EXISTS` (6): the entity a client tried to create exists.
    AlreadyExists = 6,
    /// `PERMISSION_DENIED` (7): the caller may not run the operation.
    PermissionDenied = 7,
    /// `RESOURCE_EXHAUSTED` (8): a quota or rate limit was exhausted.
    ResourceExhausted = 8,
    /// `FAILED_PRECONDITION` (9): the system is not in the state the
    /// operation needs.
    FailedPrecondition = 9,
    /// `ABORTED` (10): the operation was aborted, e.g. by a concurrency
    /// conflict.
    Aborted = 10,
    /// `OUT_OF_RANGE` (11): the operation went past the valid range.
    OutOfRange = 11,
    /// `UNIMPLEMENTED` (12): the operation is not implemented or supported.
    Unimplemented = 12,
    /// `INTERNAL` (13): an internal error.
    Internal = 13,
    /// `UNAVAILABLE` (14): the service is currently unavailable.
    Unavailable = 14,
    /// `DATA_LOSS` (15): unrecoverable data loss or corruption.
    DataLoss = 15,
    /// `UNAUTHENTICATED` (16): the request has no valid credentials.
    Unauthenticated = 16,
}

impl GrpcCode {
    /// Every code, in numeric order.
    pub const ALL: [GrpcCode; 17] = [
        GrpcCode::Ok,
        GrpcCode::Cancelled,
        GrpcCode::Unknown,
        GrpcCode::InvalidArgument,
        GrpcCode::DeadlineExceeded,
        GrpcCode::NotFound,
        GrpcCode::AlreadyExists,
        GrpcCode::PermissionDenied,
        GrpcCode::ResourceExhausted,
        GrpcCode::FailedPrecondition,
        GrpcCode::Aborted,
        GrpcCode::OutOfRange,
        GrpcCode::Unimplemented,
        GrpcCode::Internal,
        GrpcCode::Unavailable,
        GrpcCode::DataLoss,
        GrpcCode::Unauthenticated,
    ];

    /// The name in `google.rpc.Code`, e.g. `RESOURCE_EXHAUSTED`.
    pub fn name(self) -> &'static str {
        match self {
            GrpcCode::Ok => "OK",
            GrpcCode::Cancelled => "CANCELLED",
            GrpcCode::Unknown => "UNKNOWN",
            GrpcCode::InvalidArgument => "INVALID_ARGUMENT",
            GrpcCode::DeadlineExceeded => "DEADLINE_EXCEEDED",
            GrpcCode::NotFound => "NOT_FOUND",
            GrpcCode::AlreadyExists => "ALREADY_EXISTS",
            GrpcCode::PermissionDenied => "PERMISSION_DENIED",
            GrpcCode::ResourceExhausted => "RESOURCE_EXHAUSTED",
            GrpcCode::FailedPrecondition => "FAILED_PRECONDITION",
            GrpcCode::Aborted => "ABORTED",
            GrpcCode::OutOfRange => "OUT_OF_RANGE",
            GrpcCode::Unimplemented => "UNIMPLEMENTED",
            GrpcCode::Internal => "INTERNAL",
            GrpcCode::Unavailable => "UNAVAILABLE",
            GrpcCode::DataLoss => "DATA_LOSS",
            GrpcCode::Unauthenticated => "UNAUTHENTICATED",
        }
    }

    /// The number in `google.rpc.Code`, e.g. 8 for `RESOURCE_EXHAUSTED`.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The code of a name such as `RESOURCE_EXHAUSTED`, if it is one.
    pub fn from_name(name: &str) -> Option<GrpcCode> {
        GrpcCode::ALL.into_iter().find(|code| code.name() == name)
    }

    /// The code an HTTP status maps to, per the table in
    /// `google/rpc/code.proto`; any status it does not list is `UNKNOWN`.
    pub fn from_status(status: u16) -> GrpcCode {
        match status {
            400 => GrpcCode::InvalidArgument,
            401 => GrpcCode::Unauthenticated,
            403 => GrpcCode::PermissionDenied,
            404 => GrpcCode::NotFound,
            409 => GrpcCode::Aborted,
            429 => GrpcCode::ResourceExhausted,
            499 => GrpcCode::Cancelled,
            500 => GrpcCode::Internal,
            501 => GrpcCode::Unimplemented,
            503 => GrpcCode::Unavailable,
            504 => GrpcCode::DeadlineExceeded,
            _ => GrpcCode::Unknown,
        }
    }
}

impl fmt::Display for GrpcCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

