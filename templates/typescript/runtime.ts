{%- import "typescript/macros.ts" as m -%}
{% call m::notice(notice) %}{% endcall %}
/**
 * The part of the package that does not depend on the spec: reading a
 * response (README "Runtime semantics", rules 1-19), the gRPC codes, message
 * templates and the retry arithmetic.
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

/**
 * The canonical error codes of `google.rpc.Code`, by name (README rule 17).
 * `GRPC_CODE_NUMBERS` gives each one's number.
 */
export const GrpcCode = {
  /** 0: not an error. */
  Ok: "OK",
  /** 1: the operation was cancelled, typically by the caller. */
  Cancelled: "CANCELLED",
  /** 2: an unknown error. */
  Unknown: "UNKNOWN",
  /** 3: the client specified an invalid argument. */
  InvalidArgument: "INVALID_ARGUMENT",
  /** 4: the deadline expired before the operation could complete. */
  DeadlineExceeded: "DEADLINE_EXCEEDED",
  /** 5: some requested entity was not found. */
  NotFound: "NOT_FOUND",
  /** 6: the entity a client tried to create already exists. */
  AlreadyExists: "ALREADY_EXISTS",
  /** 7: the caller may not execute the operation. */
  PermissionDenied: "PERMISSION_DENIED",
  /** 8: some resource has been exhausted, such as a quota. */
  ResourceExhausted: "RESOURCE_EXHAUSTED",
  /** 9: the system is not in a state the operation requires. */
  FailedPrecondition: "FAILED_PRECONDITION",
  /** 10: the operation was aborted, typically by a concurrency conflict. */
  Aborted: "ABORTED",
  /** 11: the operation was attempted past the valid range. */
  OutOfRange: "OUT_OF_RANGE",
  /** 12: the operation is not implemented or supported. */
  Unimplemented: "UNIMPLEMENTED",
  /** 13: an internal error. */
  Internal: "INTERNAL",
  /** 14: the service is currently unavailable. */
  Unavailable: "UNAVAILABLE",
  /** 15: unrecoverable data loss or corruption. */
  DataLoss: "DATA_LOSS",
  /** 16: the request has no valid authentication credentials. */
  Unauthenticated: "UNAUTHENTICATED",
} as const;

/** A `google.rpc.Code` name, e.g. `RESOURCE_EXHAUSTED`. */
export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

/** The number of each `google.rpc.Code`, e.g. `RESOURCE_EXHAUSTED` → 8. */
export const GRPC_CODE_NUMBERS: Readonly<Record<GrpcCode, number>> = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
};

/**
 * The `google.rpc.Code` an HTTP status maps to, per `google/rpc/code.proto`;
 * any status it does not list is `UNKNOWN` (README rule 17).
 */
export function grpcCodeForStatus(status: number): GrpcCode {
  switch (status) {
    case 400:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 409:
      return "ABORTED";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 499:
      return "CANCELLED";
    case 500:
      return "INTERNAL";
    case 501:
      return "UNIMPLEMENTED";
    case 503:
      return "UNAVAILABLE";
    case 504:
      return "DEADLINE_EXCEEDED";
    default:
      return "UNKNOWN";
  }
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
  /**
   * The message the API sends. With `params` it is a template: each
   * `<param>` stands for that context field (README rule 19).
   */
  readonly message: string;
  /** Wire names of the template's parameters, in order; empty for plain text. */
  readonly params: readonly string[];
  /** The `google.rpc.Code` of the error (README rule 17). */
  readonly grpc: GrpcCode;
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
  /** Responses that belong to the class whatever their status (README rule 5). */
  readonly when: readonly Condition[];
  /** The class's own `google.rpc.Code`, if the spec gives one. */
  readonly grpc?: GrpcCode;
}

/**
 * A test on a response (README rule 5): at one of `status` (any, if empty),
 * the combined value of `header`, or the string at the body location `body`,
 * equals `equals`.
 */
export interface Condition {
  /** Statuses the condition applies at; empty: any. */
  readonly status: readonly number[];
  /** A header name, lower case. */
  readonly header?: string;
  /** A body location. */
  readonly body?: string;
  /** The value that must be there. */
  readonly equals: string;
}

/** A second-level code (README rule 16): where it is and its documented values. */
export interface SubcodeInfo {
  /** The name in the spec, e.g. `decline_code`. */
  readonly name: string;
  /** The property on the error, e.g. `declineCode`. */
  readonly key: string;
  /** Where the value (a string) is in the body. */
  readonly at: string;
  /** What the sub-code tells. */
  readonly description: string;
  /** The documented values, sorted. */
  readonly values: readonly string[];
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

/**
 * Where each part of an error lives: body locations (JSON Pointers, or
 * `@name` and a pointer into the element selection `name` picks; README
 * rule 18) and header names.
 */
export interface EnvelopeInfo {
  /** Where the code (a string, or an integer) is. */
  readonly code?: string;
  /** Values at `code` that mean "no particular code", e.g. `about:blank`. */
  readonly noCode: readonly string[];
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
  /** A member with a retry delay as a protobuf Duration, e.g. `"1.5s"`. */
  readonly retryDelay?: string;
  /** Where the error's domain (a string) is. */
  readonly domain?: string;
  /** The object whose string members are the error's metadata. */
  readonly metadata?: string;
  /** Where the items of a multi-error body are (README rule 15). */
  readonly items?: ItemsInfo;
  /** Array elements picked by a member's value, by name. */
  readonly selections: readonly SelectionInfo[];
  /** Header names, lower case. */
  readonly headers: {
    readonly requestId: readonly string[];
    readonly retryAfter: string;
    readonly retryAfterMs?: string;
    readonly shouldRetry?: string;
    /** A header with the epoch second a retry may be made at. */
    readonly retryAt?: string;
  };
}

/** The array of items of a multi-error body; item pointers are relative to the item. */
export interface ItemsInfo {
  /** The array, a body location. */
  readonly at: string;
  /** The item's code (a string or an integer). */
  readonly code?: string;
  /** The item's message; the first non-empty string wins. */
  readonly message: readonly string[];
  /** The name of the request field the item is about. */
  readonly field?: string;
  /** A JSON Pointer into the request the item is about. */
  readonly location?: string;
}

/** The first element of the array `in` that is an object whose `member` is `equals`. */
export interface SelectionInfo {
  /** The name locations use, as `@name/pointer`. */
  readonly name: string;
  /** The array, a JSON Pointer. */
  readonly in: string;
  /** The member that tells the elements apart, e.g. `@type`. */
  readonly member: string;
  /** Its value in the wanted element. */
  readonly equals: string;
}

/** Everything `parseResponse` needs to know about the spec. */
export interface CatalogInfo {
  readonly envelope: EnvelopeInfo;
  readonly classes: readonly ErrorClassInfo[];
  readonly fields: readonly ContextFieldInfo[];
  readonly definitions: readonly Definition[];
  /** The second-level codes, sorted by name. */
  readonly subcodes: readonly SubcodeInfo[];
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
  /** The `google.rpc.Code` (README rule 17). */
  readonly grpc: GrpcCode;
  /** The items of a multi-error body (README rule 15). */
  readonly items: readonly ParsedItem[];
  /** Sub-code values by wire name; only those present. */
  readonly subcodes: Readonly<Record<string, string>>;
  readonly domain: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
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

/** One item of a multi-error body (README rule 15), as read. */
export interface ParsedItem {
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly field: string | undefined;
  readonly location: string | undefined;
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
  /** The envelope's selections, by name. */
  readonly selections: ReadonlyMap<string, SelectionInfo>;
  /** Values at the code's location that count as no code. */
  readonly noCode: ReadonlySet<string>;
  /** Classes with `when` conditions, in catalog order. */
  readonly conditional: readonly ErrorClassInfo[];
  /** The documented values of each sub-code, by its name. */
  readonly subcodeValues: ReadonlyMap<string, ReadonlySet<string>>;
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
    selections: new Map(info.envelope.selections.map((s) => [s.name, s])),
    noCode: new Set(info.envelope.noCode),
    conditional: info.classes.filter((c) => c.when.length > 0),
    subcodeValues: new Map(
      info.subcodes.map((s) => [s.name, new Set(s.values)]),
    ),
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

/**
 * The value at a body location (README rule 18): a JSON Pointer, or `@name`
 * and a pointer into the first element of the selection's array that is an
 * object whose member is the selection's value.
 */
export function locate(
  selections: ReadonlyMap<string, SelectionInfo>,
  root: unknown,
  location: string | undefined,
): unknown {
  if (location === undefined || !location.startsWith("@")) {
    return valueAt(root, location);
  }
  const slash = location.indexOf("/");
  const name = slash < 0 ? location.slice(1) : location.slice(1, slash);
  const selection = selections.get(name);
  const array = valueAt(root, selection?.in);
  if (selection === undefined || !Array.isArray(array)) {
    return undefined;
  }
  const element: unknown = array.find(
    (e) =>
      isObject(e) &&
      Object.hasOwn(e, selection.member) &&
      e[selection.member] === selection.equals,
  );
  return element === undefined
    ? undefined
    : valueAt(element, slash < 0 ? "" : location.slice(slash));
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * A code as README rule 3 reads it: a string, or an integer (no fractional
 * part, |v| ≤ 2^53−1) in decimal; anything else is no code.
 */
export function codeOf(value: unknown): string | undefined {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    return String(value);
  }
  return undefined;
}

const DECIMAL = /^\s*(\d+(?:\.\d+)?)\s*$/;

/** A non-negative, finite decimal number (`1.5`; not `1.` or `.5`), or undefined. */
export function parseNonNegative(value: string): number | undefined {
  const number = DECIMAL.test(value) ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Non-negative decimal seconds as whole milliseconds, fractions of a
 * millisecond rounded down (README rule 10), computed from the digits so
 * that `4.35` is 4350, not 4349. Undefined unless `value` is such a number.
 */
export function secondsToMs(value: string): number | undefined {
  const match = DECIMAL.exec(value);
  if (match === null) {
    return undefined;
  }
  const [whole = "", fraction = ""] = match[1]!.split(".");
  const ms = Number(whole || "0") * 1000 + Number(`${fraction}000`.slice(0, 3));
  // Digits beyond the double range are malformed, not "wait forever".
  return Number.isFinite(ms) ? ms : undefined;
}

const DURATION = /^(\d+(\.\d*)?|\.\d+)s$/;

/** A protobuf Duration string (`"30s"`, `"1.5s"`) as whole milliseconds. */
export function parseDurationMs(value: string): number | undefined {
  return DURATION.test(value) ? secondsToMs(value.slice(0, -1)) : undefined;
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
 * else the `retry_after` header (seconds or an HTTP-date), else the
 * `retry_at` header (epoch seconds), else the body's seconds, else the body's
 * protobuf Duration, clamped to the policy's `maxRetryAfterMs`.
 */
export function serverDelayMs(
  envelope: EnvelopeInfo,
  headers: Readonly<Record<string, string>>,
  at: (location: string | undefined) => unknown,
  policy: RetryPolicy,
  now: number,
): number | undefined {
  const clamp = (ms: number) =>
    Math.floor(Math.min(ms, policy.maxRetryAfterMs));
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
    const ms = secondsToMs(value);
    if (ms !== undefined) {
      return clamp(ms);
    }
    const date = parseHttpDate(value);
    if (date !== undefined) {
      return clamp(Math.max(0, date - now));
    }
  }
  const atName = envelope.headers.retryAt;
  const atValue = atName === undefined ? undefined : headers[atName];
  if (atValue !== undefined) {
    const epochMs = secondsToMs(atValue);
    if (epochMs !== undefined) {
      return clamp(Math.max(0, epochMs - now));
    }
  }
  const inBody = at(envelope.retryAfter);
  if (typeof inBody === "number" && Number.isFinite(inBody) && inBody >= 0) {
    // Through the decimal text, so that 4.35 s is 4350 ms.
    return clamp(secondsToMs(String(inBody)) ?? inBody * 1000);
  }
  const duration = at(envelope.retryDelay);
  if (typeof duration === "string") {
    const ms = parseDurationMs(duration);
    if (ms !== undefined) {
      return clamp(ms);
    }
  }
  return undefined;
}

/** A value of a template parameter: a string, an integer or a boolean. */
export type TemplateValue = string | number | boolean;

/**
 * `template` with each `<param>` of `params` replaced by its value from
 * `values` (README rules 6 and 19): strings as they are, integers in
 * decimal, booleans `true`/`false`. Absent parameters stay `<param>`;
 * replaced text is not scanned again.
 */
export function fillTemplate(
  template: string,
  params: readonly string[],
  values: (name: string) => TemplateValue | undefined,
): string {
  if (params.length === 0) {
    return template;
  }
  return template.replace(/<([^<>]*)>/g, (whole, name: string) => {
    const value = params.includes(name) ? values(name) : undefined;
    return value === undefined ? whole : String(value);
  });
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

  const at = (location: string | undefined) =>
    locate(index.selections, body, location);
  const stringAt = (location: string | undefined) => stringOf(at(location));

  const bodyMessage = envelope.message
    .map(stringAt)
    .find((m) => m !== undefined && m !== "");
  const items = readItems(envelope.items, at);
  let code = codeOf(at(envelope.code));
  if (code !== undefined && index.noCode.has(code)) {
    code = undefined;
  }
  code ??= items.find((item) => item.code !== undefined)?.code;
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
      : (index.conditional.find((c) =>
          c.when.some((w) => holds(w, status, headers, at)),
        ) ?? classForStatus(index, status));

  let requestId: string | undefined;
  for (const name of envelope.headers.requestId) {
    requestId = firstItem(headers[name]);
    if (requestId !== undefined) {
      break;
    }
  }
  requestId ??= stringAt(envelope.requestId);

  const field = stringAt(envelope.field) ?? definition?.field;
  const detailsValue = at(envelope.details);
  const details = isObject(detailsValue) ? detailsValue : undefined;
  const context: Record<string, unknown> = {};
  const byName = new Map<string, TemplateValue>();
  const contextValue = at(envelope.context);
  if (isObject(contextValue)) {
    for (const f of index.info.fields) {
      const value = Object.hasOwn(contextValue, f.name)
        ? contextValue[f.name]
        : undefined;
      if (fieldMatches(value, f.type)) {
        context[f.key] = value;
        byName.set(f.name, value as TemplateValue);
      }
    }
  }

  // A template filled with empty strings may come out empty: the message
  // never is (rule 6), so that falls through to the class title.
  const filled =
    definition === undefined
      ? undefined
      : fillTemplate(definition.message, definition.params, (name) =>
          byName.get(name),
        );
  const message =
    bodyMessage || filled || errorClass?.title || `HTTP ${String(status)}`;

  const subcodes: [string, string][] = [];
  for (const s of index.info.subcodes) {
    const value = stringAt(s.at);
    if (value !== undefined && value !== "") {
      subcodes.push([s.name, value]);
    }
  }
  const metadataValue = at(envelope.metadata);
  const metadata = isObject(metadataValue)
    ? Object.fromEntries(
        Object.entries(metadataValue).filter(
          (entry): entry is [string, string] => typeof entry[1] === "string",
        ),
      )
    : {};

  const retryPolicy =
    definition?.retry ?? errorClass?.retry ?? index.info.defaultRetry;
  const now = options?.now?.() ?? Date.now();
  const retryAfterMs = serverDelayMs(envelope, headers, at, retryPolicy, now);
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
    grpc: definition?.grpc ?? errorClass?.grpc ?? grpcCodeForStatus(status),
    items,
    subcodes: Object.fromEntries(subcodes),
    domain: stringAt(envelope.domain),
    metadata,
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

/** Whether condition `w` holds for a response (README rule 5). */
function holds(
  w: Condition,
  status: number,
  headers: Readonly<Record<string, string>>,
  at: (location: string | undefined) => unknown,
): boolean {
  if (w.status.length > 0 && !w.status.includes(status)) {
    return false;
  }
  if (w.header !== undefined) {
    return headers[w.header] === w.equals;
  }
  return at(w.body) === w.equals;
}

/** The items of a multi-error body (README rule 15); objects only, in order. */
function readItems(
  info: ItemsInfo | undefined,
  at: (location: string | undefined) => unknown,
): ParsedItem[] {
  const array = info === undefined ? undefined : at(info.at);
  if (info === undefined || !Array.isArray(array)) {
    return [];
  }
  const items: ParsedItem[] = [];
  for (const element of array as unknown[]) {
    if (!isObject(element)) {
      continue;
    }
    const text = (pointer: string | undefined) =>
      stringOf(valueAt(element, pointer));
    items.push({
      code: codeOf(valueAt(element, info.code)),
      message: info.message.map(text).find((m) => m !== undefined && m !== ""),
      field: text(info.field),
      location: text(info.location),
    });
  }
  return items;
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

