/**
 * A hand-written SDK for the Novita AI API; its errors are errcat's module
 * vendored in `./errors/`, not a dependency.
 */
import { fromParts } from "./errors/index.js";

export { APIError, Code, RateLimitError } from "./errors/index.js";

/** What the SDK's HTTP layer does with a response: nothing for a 2xx, else throw the typed error. */
export function check(
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  if (status < 200 || status >= 300) throw fromParts(status, headers, body);
}
