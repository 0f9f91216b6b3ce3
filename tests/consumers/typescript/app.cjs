// CommonJS: require() of the ES module package (Node.js 20.19+, 22.12+).
const { RateLimitError, fromParts } = require("@novita/errors");

const err = fromParts(429, { "retry-after": "2" }, '{"reason":"RATE_LIMIT_EXCEEDED"}');
if (!(err instanceof RateLimitError)) throw new Error(`not a RateLimitError: ${err}`);
console.log(`require: ${err.code}`);
