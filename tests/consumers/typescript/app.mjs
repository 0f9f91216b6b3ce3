import { RateLimitError, fromParts } from "@novita/errors";

// The status, headers and body bytes of any failed call, from any HTTP client.
const body = '{"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}';
const err = fromParts(429, { "retry-after": "2" }, body);
if (!(err instanceof RateLimitError)) throw new Error(`unexpected: ${err}`);
console.log(`${err.code}: ${err.message}; retry in ${err.retryAfterMs} ms`);
