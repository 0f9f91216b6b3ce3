{{ v.notice }}

package {{ v.package }}

// GRPCCode is a canonical error code of google.rpc.Code
// (google/rpc/code.proto); its value is the code's number. Every *Error and
// every Definition has one (README, rule 17).
type GRPCCode int

// The 17 codes of google.rpc.Code, with their numbers.
const (
	// GRPCOK is OK (0): not an error.
	GRPCOK GRPCCode = 0
	// GRPCCancelled is CANCELLED (1): the caller cancelled the operation.
	GRPCCancelled GRPCCode = 1
	// GRPCUnknown is UNKNOWN (2): an error with no better code.
	GRPCUnknown GRPCCode = 2
	// GRPCInvalidArgument is INVALID_ARGUMENT (3): the request is invalid
	// whatever the state of the system.
	GRPCInvalidArgument GRPCCode = 3
	// GRPCDeadlineExceeded is DEADLINE_EXCEEDED (4): the deadline passed
	// before the operation completed.
	GRPCDeadlineExceeded GRPCCode = 4
	// GRPCNotFound is NOT_FOUND (5): a requested entity was not found.
	GRPCNotFound GRPCCode = 5
	// GRPCAlreadyExists is ALREADY_EXISTS (6): the entity to create exists.
	GRPCAlreadyExists GRPCCode = 6
	// GRPCPermissionDenied is PERMISSION_DENIED (7): the caller may not do this.
	GRPCPermissionDenied GRPCCode = 7
	// GRPCResourceExhausted is RESOURCE_EXHAUSTED (8): a quota or rate limit
	// is used up.
	GRPCResourceExhausted GRPCCode = 8
	// GRPCFailedPrecondition is FAILED_PRECONDITION (9): the system is not in
	// the state the operation needs.
	GRPCFailedPrecondition GRPCCode = 9
	// GRPCAborted is ABORTED (10): a concurrency conflict aborted the operation.
	GRPCAborted GRPCCode = 10
	// GRPCOutOfRange is OUT_OF_RANGE (11): past the valid range.
	GRPCOutOfRange GRPCCode = 11
	// GRPCUnimplemented is UNIMPLEMENTED (12): the operation is not supported.
	GRPCUnimplemented GRPCCode = 12
	// GRPCInternal is INTERNAL (13): an internal invariant broke.
	GRPCInternal GRPCCode = 13
	// GRPCUnavailable is UNAVAILABLE (14): the service is unavailable for now.
	GRPCUnavailable GRPCCode = 14
	// GRPCDataLoss is DATA_LOSS (15): unrecoverable data loss or corruption.
	GRPCDataLoss GRPCCode = 15
	// GRPCUnauthenticated is UNAUTHENTICATED (16): no valid credentials.
	GRPCUnauthenticated GRPCCode = 16
)

// grpcNames holds each code's name, by number.
var grpcNames = [...]string{
	"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
	"PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
	"UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
}

// String returns the code's name in google.rpc.Code, e.g.
// "RESOURCE_EXHAUSTED"; "UNKNOWN" for a number it does not have.
func (c GRPCCode) String() string {
	if c < 0 || int(c) >= len(grpcNames) {
		return "UNKNOWN"
	}
	return grpcNames[c]
}

// grpcForStatus is the HTTP mapping of google/rpc/code.proto; a status it
// does not list is UNKNOWN.
func grpcForStatus(status int) GRPCCode {
	switch status {
	case 400:
		return GRPCInvalidArgument
	case 401:
		return GRPCUnauthenticated
	case 403:
		return GRPCPermissionDenied
	case 404:
		return GRPCNotFound
	case 409:
		return GRPCAborted
	case 429:
		return GRPCResourceExhausted
	case 499:
		return GRPCCancelled
	case 500:
		return GRPCInternal
	case 501:
		return GRPCUnimplemented
	case 503:
		return GRPCUnavailable
	case 504:
		return GRPCDeadlineExceeded
	}
	return GRPCUnknown
}

