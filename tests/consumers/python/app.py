from novita_errors import RateLimitError, from_parts

# The status, headers and body bytes of any failed call, from any HTTP client.
body = b'{"code":429,"reason":"RATE_LIMIT_EXCEEDED","message":"slow down"}'
err = from_parts(429, {"Retry-After": "2"}, body)
assert isinstance(err, RateLimitError), err
print(f"{err.code}: {err.message}; retry after {err.retry_after} s")
