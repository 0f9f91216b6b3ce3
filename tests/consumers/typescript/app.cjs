// CommonJS: require() of the ES module package (Node.js 20.19+, 22.12+).
const { RateLimitError, fromParts } = require("@novita/errors");

const err = fromParts(429, {}, '{"reason":"RATE_LIMIT_EXCEEDED"}');
if (!(err instanceof RateLimitError)) throw new Error(`unexpected: ${err}`);
console.log(`require: ${err.code}`);
