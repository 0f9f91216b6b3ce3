{%- import "typescript/macros.ts" as m -%}
{% call m::notice(notice) %}{% endcall %}
/**
 * The part of the package that does not depend on the spec: reading a
 * response (README "Runtime semantics", rules 1-14) and the retry arithmetic.
 * `errors.ts` feeds it the catalog's tables.
 *
 * @module
 */

/** How an error is retried: never, with backoff, or as the server asks. */
export type RetryMode = "never" | "backoff" | "retry_after";

/** A fully specified retry policy (README rules 9-13). */
export interface RetryPolicy {
  /** `never`, `backoff` or `retry_after`. */
  readonly policy: RetryMode;
  /** Attempts in total, the first one included. */
  readonly maxAttempts: number;
  /** Delay before the first retry, before jitter. */
  readonly initialDelayMs: number;
  /** Upper bound of the backoff delay, before jitter. */
  readonly maxDelayMs: number;
  /** Longest server-requested wait that is honoured; longer asks are clamped. */
  readonly maxRetryAfterMs: number;
}

/** The JSON type a context field must have to be read. */
export type FieldType = "string" | "integer" | "number" | "boolean";

/** When a code was deprecated, and what replaces it. */
export interface Deprecation {
  /** API version that deprecated the code. */
  readonly since: string;
  /** The code to use instead, if any. */
  readonly replacement?: string;
  /** Why, or what else to do. */
  readonly note?: string;
}

/** One definition of a code in the spec. A code may be defined in several domains. */
export interface Definition {
  /** The code on the wire, e.g. `RATE_LIMIT_EXCEEDED`. */
  readonly code: string;
  /** The domain that defines it. */
  readonly domain: string;
  /** The HTTP status this definition is sent with. */
  readonly status: number;
  /** Id of the class the error belongs to, e.g. `rate_limit`. */
  readonly errorClass: string;
  /** The message the API sends. */
  readonly message: string;
  /** What the error means. */
  readonly description: string;
  /** What the caller can do about it. */
  readonly remedy?: string;
  /** The request field the error is about. */
  readonly field?: string;
  /** Wire names of the context fields errors with this code carry. */
  readonly fields: readonly string[];
  /** How errors with this code are retried. */
  readonly retry: RetryPolicy;
  /** Messages that identify this error when the body carries no code. */
  readonly match?: {
    readonly exact: readonly string[];
    readonly prefix: readonly string[];
  };
  /** API version that introduced the code. */
  readonly since?: string;
  /** Set when the code is deprecated. */
  readonly deprecated?: Deprecation;
  /** Where the error is documented. */
  readonly docsUrl?: string;
}

/** A status-level class: what SDK users catch. */
export interface ErrorClassInfo {
  /** The class id, e.g. `rate_limit`. */
  readonly id: string;
  /** Short human title, e.g. `Rate limit exceeded`. */
  readonly title: string;
  /** HTTP statuses that belong to this class. */
  readonly statuses: readonly number[];
  /** Set when the class also takes every unclaimed status of a range. */
  readonly fallback?: "4xx" | "5xx";
  /** What errors of this class mean. */
  readonly description: string;
  /** The class's retry policy. */
  readonly retry: RetryPolicy;
}

/** A typed context field: its wire name, its property name, its type and its text. */
export interface ContextFieldInfo {
  /** The wire name, e.g. `retry_after`. */
  readonly name: string;
  /** The property in `Context`, e.g. `retryAfter`. */
  readonly key: string;
  /** The JSON type the value must have. */
  readonly type: FieldType;
  /** What the field holds. */
  readonly description: string;
  /** The unit of a numeric field, e.g. `seconds`. */
  readonly unit?: string;
}

/** Where each part of an error lives: JSON Pointers and header names. */
export interface EnvelopeInfo {
  /** Where the code (a string) is. */
  readonly code?: string;
  /** Where the message may be; the first non-empty string wins. */
  readonly message: readonly string[];
  /** Where the details object is. */
  readonly details?: string;
  /** Where the request id is in the body. */
  readonly requestId?: string;
  /** Where the name of the offending request field is. */
  readonly field?: string;
  /** The object holding the context fields. */
  readonly context?: string;
  /** A member with a retry delay in seconds. */
  readonly retryAfter?: string;
  /** Header names, lower case. */
  readonly headers: {
    readonly requestId: readonly string[];
    readonly retryAfter: string;
    readonly retryAfterMs?: string;
    readonly shouldRetry?: string;
  };
}

/** Everything `parseResponse` needs to know about the spec. */
export interface CatalogInfo {
  readonly envelope: EnvelopeInfo;
  readonly classes: readonly ErrorClassInfo[];
  readonly fields: readonly ContextFieldInfo[];
  readonly definitions: readonly Definition[];
  /** Policy when neither a definition nor a class gives one. */
  readonly defaultRetry: RetryPolicy;
}

/**
 * Response headers in any common shape: a fetch `Headers`, a plain record
 * (Node's `IncomingHttpHeaders`), or name/value pairs.
 */
export type HeaderInput =
  | { forEach(callback: (value: string, name: string) => void): void }
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | Iterable<readonly [string, string]>;

/** A response body: text, or bytes that may not be valid UTF-8. */
export type BodyInput = string | Uint8Array | ArrayBuffer | null | undefined;

/** Options for turning a response into an error. */
export interface ParseOptions {
  /** Milliseconds since the epoch, for HTTP-date `Retry-After`; default `Date.now`. */
  readonly now?: () => number;
}

/** Headers never kept on an error (README rule 14). */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
]);

/** What a response says, read per the README's rules; errors.ts wraps it. */
export interface ParsedResponse {
  readonly status: number;
  readonly code: string | undefined;
  readonly message: string;
  readonly requestId: string | undefined;
  readonly field: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly context: Readonly<Record<string, unknown>>;
  readonly body: Uint8Array;
  readonly text: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly definition: Definition | undefined;
  readonly errorClass: string | undefined;
  readonly retryPolicy: RetryPolicy;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
}

/** Lookup tables built once per catalog, so every lookup is O(1). */
export interface CatalogIndex {
  readonly info: CatalogInfo;
  readonly definitions: ReadonlyMap<string, readonly Definition[]>;
  readonly classes: ReadonlyMap<string, ErrorClassInfo>;
  readonly classByStatus: ReadonlyMap<number, ErrorClassInfo>;
  readonly fallback4xx: ErrorClassInfo | undefined;
  readonly fallback5xx: ErrorClassInfo | undefined;
  readonly exact: ReadonlyMap<string, string>;
  readonly prefixes: readonly (readonly [string, string])[];
}

/** Builds the lookup tables of a catalog. */
export function indexCatalog(info: CatalogInfo): CatalogIndex {
  const definitions = new Map<string, Definition[]>();
  const exact = new Map<string, string>();
  const prefixes: [string, string][] = [];
  for (const definition of info.definitions) {
    const list = definitions.get(definition.code);
    if (list === undefined) {
      definitions.set(definition.code, [definition]);
    } else {
      list.push(definition);
    }
    for (const message of definition.match?.exact ?? []) {
      if (!exact.has(message)) {
        exact.set(message, definition.code);
      }
    }
    for (const prefix of definition.match?.prefix ?? []) {
      prefixes.push([prefix, definition.code]);
    }
  }
  const classes = new Map<string, ErrorClassInfo>();
  const classByStatus = new Map<number, ErrorClassInfo>();
  for (const errorClass of info.classes) {
    classes.set(errorClass.id, errorClass);
    for (const status of errorClass.statuses) {
      if (!classByStatus.has(status)) {
        classByStatus.set(status, errorClass);
      }
    }
  }
  return {
    info,
    definitions,
    classes,
    classByStatus,
    fallback4xx: info.classes.find((c) => c.fallback === "4xx"),
    fallback5xx: info.classes.find((c) => c.fallback === "5xx"),
    exact,
    prefixes,
  };
}

/** The class an HTTP status belongs to (README rule 5), if any. */
export function classForStatus(
  index: CatalogIndex,
  status: number,
): ErrorClassInfo | undefined {
  const listed = index.classByStatus.get(status);
  if (listed !== undefined) {
    return listed;
  }
  if (status >= 400 && status <= 499) {
    return index.fallback4xx;
  }
  if (status >= 500 && status <= 599) {
    return index.fallback5xx;
  }
  return undefined;
}

/**
 * Lower-cased headers without credentials; the values of a repeated header
 * are combined, joined by ", " in order (RFC 9110 §5.3), as fetch does.
 */
export function normalizeHeaders(input: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<
    string,
    string
  >;
  const add = (name: unknown, value: unknown): void => {
    if (value === undefined || value === null) {
      return;
    }
    const key = String(name).toLowerCase();
    if (CREDENTIAL_HEADERS.has(key)) {
      return;
    }
    const text = Array.isArray(value)
      ? value.map((v) => String(v)).join(", ")
      : String(value);
    out[key] = key in out ? `${out[key]}, ${text}` : text;
  };
  try {
    if (input === null || typeof input !== "object") {
      return out;
    }
    const any = input as Record<PropertyKey, unknown>;
    if (typeof any["forEach"] === "function" && !Array.isArray(input)) {
      (
        input as { forEach(cb: (v: unknown, k: unknown) => void): void }
      ).forEach((value, name) => add(name, value));
    } else if (typeof any[Symbol.iterator] === "function") {
      for (const pair of input as Iterable<unknown>) {
        if (Array.isArray(pair) && pair.length >= 2) {
          add(pair[0], pair[1]);
        }
      }
    } else {
      for (const [name, value] of Object.entries(any)) {
        add(name, value);
      }
    }
  } catch {
    // A hostile headers object: keep what was read.
  }
  return out;
}

/**
 * The raw body bytes, the body as text (invalid UTF-8 replaced), and whether
 * it was valid UTF-8 (README rule 2). Text is kept as its UTF-8 encoding.
 */
export function decodeBody(body: unknown): {
  bytes: Uint8Array;
  text: string;
  valid: boolean;
} {
  if (typeof body === "string") {
    return { bytes: new TextEncoder().encode(body), text: body, valid: true };
  }
  let bytes: Uint8Array;
  if (body instanceof Uint8Array) {
    bytes = body;
  } else if (body instanceof ArrayBuffer) {
    bytes = new Uint8Array(body);
  } else {
    return { bytes: new Uint8Array(0), text: "", valid: true };
  }
  try {
    const text = new TextDecoder("utf-8", {
      fatal: true,
      ignoreBOM: true,
    }).decode(bytes);
    return { bytes, text, valid: true };
  } catch {
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    return { bytes, text, valid: false };
  }
}

/** The body as a JSON object, or undefined for anything else (README rule 2). */
export function parseObject(
  text: string,
  valid: boolean,
): Record<string, unknown> | undefined {
  if (!valid || text.trim() === "") {
    return undefined;
  }
  try {
    let value: unknown = JSON.parse(text);
    // Only an escape can put a lone surrogate into the value.
    if (text.includes("\\u")) {
      value = withoutSurrogates(value);
    }
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A UTF-16 code unit of a surrogate pair that has no partner. */
const LONE_SURROGATE =
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `value` with each lone surrogate in its strings replaced by U+FFFD (rule 2). */
function withoutSurrogates(value: unknown): unknown {
  if (typeof value === "string") {
    return value.replace(LONE_SURROGATE, "\ufffd");
  }
  if (Array.isArray(value)) {
    return value.map(withoutSurrogates);
  }
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[withoutSurrogates(key) as string] = withoutSurrogates(item);
    }
    return out;
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at a JSON Pointer (RFC 6901), own properties only. */
export function valueAt(root: unknown, pointer: string | undefined): unknown {
  if (pointer === undefined) {
    return undefined;
  }
  if (pointer === "") {
    return root;
  }
  let node = root;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token)) {
        return undefined;
      }
      node = node[Number(token)];
    } else if (isObject(node) && Object.hasOwn(node, token)) {
      node = node[token];
    } else {
      return undefined;
    }
  }
  return node;
}

function stringAt(root: unknown, pointer: string | undefined) {
  const value = valueAt(root, pointer);
  return typeof value === "string" ? value : undefined;
}

const DECIMAL = /^\s*\d+(\.\d+)?\s*$/;

/** A non-negative, finite decimal number (`1.5`; not `1.` or `.5`), or undefined. */
export function parseNonNegative(value: string): number | undefined {
  const number = DECIMAL.test(value) ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

const MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// RFC 9110 §5.6.7, exactly (README rule 10); groups are day, month, year,
// hour, minute, second.
const IMF_FIXDATE = new RegExp(
  `^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`,
);
const RFC_850 = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`,
);
const ASCTIME = new RegExp(
  `^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`,
);

/**
 * An HTTP-date (RFC 9110 §5.6.7) in any of its three forms as milliseconds
 * since the epoch, negative before 1970.
 */
export function parseHttpDate(value: string): number | undefined {
  const text = value.replace(/^[ \t]+|[ \t]+$/g, "");
  let parts: [string, string, number, string, string, string] | undefined;
  let m = IMF_FIXDATE.exec(text);
  if (m) {
    parts = [m[1]!, m[2]!, Number(m[3]), m[4]!, m[5]!, m[6]!];
  } else if ((m = RFC_850.exec(text))) {
    // Two-digit years below 70 are this century's.
    const yy = Number(m[3]);
    parts = [m[1]!, m[2]!, yy + (yy < 70 ? 2000 : 1900), m[4]!, m[5]!, m[6]!];
  } else if ((m = ASCTIME.exec(text))) {
    parts = [m[2]!, m[1]!, Number(m[6]), m[3]!, m[4]!, m[5]!];
  }
  if (parts === undefined) {
    return undefined;
  }
  const [dayText, monthName, year, hourText, minuteText, secondText] = parts;
  const month = MONTHS.indexOf(monthName) / 3 + 1;
  const [day, hour, minute, second] = [
    dayText,
    hourText,
    minuteText,
    secondText,
  ].map(Number) as [number, number, number, number];
  if (hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  if (day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  const seconds =
    daysFromCivil(year, month, day) * 86_400 +
    hour * 3_600 +
    minute * 60 +
    second;
  return seconds * 1000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    return leap ? 29 : 28;
  }
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days from 1970-01-01 (Howard Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 +
    Math.floor(yearOfEra / 4) -
    Math.floor(yearOfEra / 100) +
    dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The server-requested delay (README rule 10): the `retry_after_ms` header,
 * else the `retry_after` header (seconds or an HTTP-date), else the body's
 * member, clamped to the policy's `maxRetryAfterMs`.
 */
export function serverDelayMs(
  envelope: EnvelopeInfo,
  headers: Readonly<Record<string, string>>,
  body: unknown,
  policy: RetryPolicy,
  now: number,
): number | undefined {
  const clamp = (ms: number) => Math.min(ms, policy.maxRetryAfterMs);
  const msName = envelope.headers.retryAfterMs;
  const msValue = msName === undefined ? undefined : headers[msName];
  if (msValue !== undefined) {
    const ms = parseNonNegative(msValue);
    if (ms !== undefined) {
      return clamp(ms);
    }
  }
  const value = headers[envelope.headers.retryAfter];
  if (value !== undefined) {
    const seconds = parseNonNegative(value);
    if (seconds !== undefined) {
      return clamp(seconds * 1000);
    }
    const date = parseHttpDate(value);
    if (date !== undefined) {
      return clamp(Math.max(0, date - now));
    }
  }
  const inBody = valueAt(body, envelope.retryAfter);
  if (typeof inBody === "number" && Number.isFinite(inBody) && inBody >= 0) {
    return clamp(inBody * 1000);
  }
  return undefined;
}

function fieldMatches(value: unknown, type: FieldType): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "boolean":
      return typeof value === "boolean";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      // Exact integers only: within ±(2^53 − 1) (README rule 8).
      return typeof value === "number" && Number.isSafeInteger(value);
  }
}

/** The first non-empty item, trimmed, of a comma-separated header value (rule 7). */
function firstItem(value: string | undefined): string | undefined {
  return value
    ?.split(",")
    .map((item) => item.trim())
    .find((item) => item !== "");
}

/** Reads a response per README "Runtime semantics"; never throws. */
export function parseResponse(
  index: CatalogIndex,
  status: number,
  headerInput: unknown,
  bodyInput: unknown,
  options: ParseOptions | undefined,
): ParsedResponse {
  const { envelope } = index.info;
  const headers = normalizeHeaders(headerInput);
  const { bytes, text, valid } = decodeBody(bodyInput);
  const body = parseObject(text, valid);

  const bodyMessage = envelope.message
    .map((pointer) => stringAt(body, pointer))
    .find((m) => m !== undefined && m !== "");
  let code = stringAt(body, envelope.code);
  if (code === undefined && bodyMessage !== undefined) {
    code = index.exact.get(bodyMessage);
    if (code === undefined) {
      code = index.prefixes.find(([p]) => bodyMessage.startsWith(p))?.[1];
    }
  }
  const definition =
    code === undefined
      ? undefined
      : index.definitions.get(code)?.find((d) => d.status === status);
  const errorClass =
    definition !== undefined
      ? index.classes.get(definition.errorClass)
      : classForStatus(index, status);

  const message =
    bodyMessage ??
    definition?.message ??
    errorClass?.title ??
    `HTTP ${String(status)}`;

  let requestId: string | undefined;
  for (const name of envelope.headers.requestId) {
    requestId = firstItem(headers[name]);
    if (requestId !== undefined) {
      break;
    }
  }
  requestId ??= stringAt(body, envelope.requestId);

  const field = stringAt(body, envelope.field) ?? definition?.field;
  const detailsValue = valueAt(body, envelope.details);
  const details = isObject(detailsValue) ? detailsValue : undefined;
  const context: Record<string, unknown> = {};
  const contextValue = valueAt(body, envelope.context);
  if (isObject(contextValue)) {
    for (const f of index.info.fields) {
      const value = Object.hasOwn(contextValue, f.name)
        ? contextValue[f.name]
        : undefined;
      if (fieldMatches(value, f.type)) {
        context[f.key] = value;
      }
    }
  }

  const retryPolicy =
    definition?.retry ?? errorClass?.retry ?? index.info.defaultRetry;
  const now = options?.now?.() ?? Date.now();
  const retryAfterMs = serverDelayMs(envelope, headers, body, retryPolicy, now);
  const shouldRetryName = envelope.headers.shouldRetry;
  const shouldRetry =
    shouldRetryName === undefined
      ? undefined
      : headers[shouldRetryName]?.trim().toLowerCase();
  const retryable =
    shouldRetry === "true"
      ? true
      : shouldRetry === "false"
        ? false
        : retryPolicy.policy !== "never";

  return {
    status,
    code,
    message,
    requestId,
    field,
    details,
    context,
    body: bytes,
    text,
    headers,
    definition,
    errorClass: errorClass?.id,
    retryPolicy,
    retryable,
    retryAfterMs,
  };
}

/**
 * The backoff delay before retry `retry` (1 for the first retry), with equal
 * jitter: `base = min(maxDelayMs, initialDelayMs * 2^(retry-1))`, then
 * `base/2 + random * base/2` rounded down to a whole millisecond (README
 * rule 12).
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, retry - 1);
  const base = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * 2 ** exponent,
  );
  const half = base / 2;
  return Math.floor(half + random() * half);
}

/** What the retry arithmetic needs from an error. */
export interface RetryFacts {
  readonly retryPolicy: RetryPolicy;
  readonly retryAfterMs: number | undefined;
}

/**
 * The delay before retry `retry` (1 for the first retry): the server-requested
 * delay under a `retry_after` policy, else backoff (README rule 12).
 */
export function retryDelayMs(
  error: RetryFacts,
  retry: number,
  random: () => number = Math.random,
): number {
  if (
    error.retryPolicy.policy === "retry_after" &&
    error.retryAfterMs !== undefined
  ) {
    return error.retryAfterMs;
  }
  return backoffDelayMs(error.retryPolicy, retry, random);
}

/** Replaceable effects of `withRetries`, for tests. */
export interface RetryOptions {
  /** Waits `ms` milliseconds; default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A uniform number in `[0, 1)`; default `Math.random`. */
  readonly random?: () => number;
}

/** Sleeps with `setTimeout`. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The loop behind `withRetries`; `facts` recognises the package's errors. */
export async function retryLoop<T>(
  fn: (attempt: number) => Promise<T>,
  facts: (error: unknown) => (RetryFacts & { retryable: boolean }) | undefined,
  options: RetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const known = facts(error);
      if (
        known === undefined ||
        !known.retryable ||
        attempt >= known.retryPolicy.maxAttempts
      ) {
        throw error;
      }
      await sleep(retryDelayMs(known, attempt, random));
    }
  }
}

