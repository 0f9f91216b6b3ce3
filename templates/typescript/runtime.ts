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

/**
 * What the retry helper does when the server asks for a longer wait than
 * `maxRetryAfterMs` (README rule 12): give up at once, or wait the maximum.
 */
export type LongerWait = "give_up" | "clamp";

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
  /** Longest server-requested wait that is honoured (see `longerWait`). */
  readonly maxRetryAfterMs: number;
  /** What happens when the server asks for longer than `maxRetryAfterMs`. */
  readonly longerWait: LongerWait;
}

/** What the retry helper does besides applying policies (README rules 20, 21). */
export interface RetryHelperInfo {
  /**
   * `backoff`: connection errors and timeouts are retried with the
   * `[retry]` backoff (the catalog's `defaultRetry`); `never`: they
   * propagate at once.
   */
  readonly connectionErrors: "never" | "backoff";
  /** The header that carries one key on every attempt of a call. */
  readonly idempotencyHeader?: string;
}

/** Where the rate limit is read from (README rule 22); names lower case. */
export interface RateLimitHeadersInfo {
  /** Whether `RateLimit` and `RateLimit-Policy` are read. */
  readonly ietf: boolean;
  /** The header with the request quota, e.g. `x-ratelimit-limit`. */
  readonly limit?: string;
  /** The header with the requests left, e.g. `x-ratelimit-remaining`. */
  readonly remaining?: string;
  /** The header with when the quota resets, e.g. `x-ratelimit-reset`. */
  readonly reset?: string;
  /** Whether `reset` holds seconds from now or an epoch second. */
  readonly resetKind: "seconds" | "epoch_seconds";
}

/**
 * The rate limit a response reports (README rule 22); each part absent when
 * not sent or not valid.
 */
export interface RateLimit {
  /** The request quota of the window. */
  readonly limit: number | undefined;
  /** The requests left in the window. */
  readonly remaining: number | undefined;
  /** Milliseconds until the quota resets, counted from when the response was read. */
  readonly resetMs: number | undefined;
  /** The window the quota is for, in milliseconds. */
  readonly windowMs: number | undefined;
  /** The name of the IETF quota policy the numbers are from. */
  readonly policy: string | undefined;
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

/** The properties of a {@link Definition} that only some definitions have. */
export interface DefinitionExtras {
  readonly params?: readonly string[];
  readonly field?: string;
  readonly fields?: readonly string[];
  readonly match?: Definition["match"];
  readonly since?: string;
  readonly deprecated?: Deprecation;
  readonly docsUrl?: string;
}

/**
 * A {@link Definition} as `catalog.ts` writes it: one array per definition,
 * its properties by position rather than by name, which keeps the catalog
 * (thousands of definitions) small in a bundle and quick to load. An absent
 * (or `undefined`) description is the message; the remedy and the extras
 * are absent when the definition has none.
 */
export type DefinitionRow = readonly [
  code: string,
  domain: string,
  status: number,
  errorClass: string,
  message: string,
  grpc: GrpcCode,
  retry: RetryPolicy,
  description?: string,
  remedy?: string,
  extras?: DefinitionExtras,
];

/** The {@link Definition} a {@link DefinitionRow} stands for. */
export function definitionOf(row: DefinitionRow): Definition {
  const [
    code,
    domain,
    status,
    errorClass,
    message,
    grpc,
    retry,
    description,
    remedy,
    extras,
  ] = row;
  return {
    code,
    domain,
    status,
    errorClass,
    message,
    params: [],
    grpc,
    description: description ?? message,
    ...(remedy === undefined ? {} : { remedy }),
    fields: [],
    retry,
    ...extras,
  };
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
    /** The rate-limit headers (README rule 22). */
    readonly rateLimit?: RateLimitHeadersInfo;
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
  /** The API's id, which error documents name (README rule 23). */
  readonly api: string;
  readonly envelope: EnvelopeInfo;
  readonly classes: readonly ErrorClassInfo[];
  readonly fields: readonly ContextFieldInfo[];
  readonly definitions: readonly Definition[];
  /** The second-level codes, sorted by name. */
  readonly subcodes: readonly SubcodeInfo[];
  /** Policy when neither a definition nor a class gives one. */
  readonly defaultRetry: RetryPolicy;
  /** Connection errors and the idempotency key (README rules 20, 21). */
  readonly retryHelper: RetryHelperInfo;
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
  readonly rateLimit: RateLimit | undefined;
  /** The clock when the response was read, ms since the epoch. */
  readonly receivedAtMs: number;
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
    // The text is what the bytes kept decode to: a lone surrogate, which
    // UTF-8 cannot carry, is U+FFFD in both.
    const text = body.replace(LONE_SURROGATE, "\ufffd");
    return { bytes: new TextEncoder().encode(text), text, valid: true };
  }
  let bytes: Uint8Array;
  if (body instanceof Uint8Array) {
    bytes = body;
  } else if (body instanceof ArrayBuffer) {
    bytes = new Uint8Array(body);
  } else if (body === undefined || body === null) {
    return { bytes: new Uint8Array(0), text: "", valid: true };
  } else {
    // From JavaScript, a body a client parsed already (axios' `data`):
    // encoded again as compact JSON (README rule 25).
    return decodeBody(JSON.stringify(body) ?? "");
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
 * A code as README rule 3 reads it: a non-empty string, or an integer (no
 * fractional part, |v| ≤ 2^53−1) in decimal; anything else is no code.
 */
export function codeOf(value: unknown): string | undefined {
  if (typeof value === "string") {
    return value === "" ? undefined : value;
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
 * protobuf Duration. Never shortened: `maxRetryAfterMs` applies when a retry
 * is decided (rule 12), and only a value beyond 2^53−1 ms counts as that.
 */
export function serverDelayMs(
  envelope: EnvelopeInfo,
  headers: Readonly<Record<string, string>>,
  at: (location: string | undefined) => unknown,
  now: number,
): number | undefined {
  const whole = (ms: number) =>
    Math.min(Math.floor(ms), Number.MAX_SAFE_INTEGER);
  const msName = envelope.headers.retryAfterMs;
  const msValue = msName === undefined ? undefined : headers[msName];
  if (msValue !== undefined) {
    const ms = parseNonNegative(msValue);
    if (ms !== undefined) {
      return whole(ms);
    }
  }
  const value = headers[envelope.headers.retryAfter];
  if (value !== undefined) {
    const ms = secondsToMs(value);
    if (ms !== undefined) {
      return whole(ms);
    }
    const date = parseHttpDate(value);
    if (date !== undefined) {
      return whole(Math.max(0, date - now));
    }
  }
  const atName = envelope.headers.retryAt;
  const atValue = atName === undefined ? undefined : headers[atName];
  if (atValue !== undefined) {
    const epochMs = secondsToMs(atValue);
    if (epochMs !== undefined) {
      return whole(Math.max(0, epochMs - now));
    }
  }
  const inBody = at(envelope.retryAfter);
  if (typeof inBody === "number" && Number.isFinite(inBody) && inBody >= 0) {
    // Through the decimal text, so that 4.35 s is 4350 ms.
    return whole(secondsToMs(String(inBody)) ?? inBody * 1000);
  }
  const duration = at(envelope.retryDelay);
  if (typeof duration === "string") {
    const ms = parseDurationMs(duration);
    if (ms !== undefined) {
      return whole(ms);
    }
  }
  return undefined;
}

const DIGITS = /^\s*(\d+)\s*$/;

/** A header holding a non-negative integer (digits only, trimmed, ≤ 2^53−1). */
function headerInteger(value: string | undefined): number | undefined {
  const match = value === undefined ? null : DIGITS.exec(value);
  const number = match === null ? NaN : Number(match[1]);
  return Number.isSafeInteger(number) ? number : undefined;
}

/** One member of an IETF rate-limit header: its name and parameters. */
interface ListMember {
  readonly name: string;
  readonly params: ReadonlyMap<string, string>;
}

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;

/**
 * The members of an IETF `RateLimit` or `RateLimit-Policy` value (README
 * rule 22): a comma-separated list of `name *(";" key ["=" value])`, each
 * name and value a token or a quoted string, spaces and tabs allowed around
 * `,`, `;` and `=`. A member that does not follow the grammar is skipped; a
 * key without a value is present with an empty one.
 */
export function parseListMembers(value: string): ListMember[] {
  const members: ListMember[] = [];
  let i = 0;
  const ows = () => {
    while (value[i] === " " || value[i] === "\t") {
      i++;
    }
  };
  const token = (): string | undefined => {
    const start = i;
    while (i < value.length && TOKEN.test(value[i]!)) {
      i++;
    }
    return i > start ? value.slice(start, i) : undefined;
  };
  // A token, or a quoted string with `\` escaping the next character.
  const item = (): string | undefined => {
    if (value[i] !== '"') {
      return token();
    }
    let text = "";
    for (i++; i < value.length; i++) {
      const c = value[i]!;
      if (c === '"') {
        i++;
        return text;
      }
      if (c === "\\") {
        i++;
        if (i >= value.length) {
          return undefined;
        }
      }
      text += value[i]!;
    }
    return undefined;
  };
  const member = (): ListMember | undefined => {
    // A name token starts with a letter or `*` (RFC 8941 sf-token).
    if (value[i] !== '"' && !/[A-Za-z*]/.test(value[i] ?? "")) {
      return undefined;
    }
    const name = item();
    if (name === undefined) {
      return undefined;
    }
    const params = new Map<string, string>();
    ows();
    while (value[i] === ";") {
      i++;
      ows();
      const key = token();
      if (key === undefined) {
        return undefined;
      }
      ows();
      let param = "";
      if (value[i] === "=") {
        i++;
        ows();
        const found = item();
        if (found === undefined) {
          return undefined;
        }
        param = found;
      }
      // A repeated key: the last one counts, as in RFC 8941.
      params.set(key, param);
      ows();
    }
    return i >= value.length || value[i] === "," ? { name, params } : undefined;
  };
  while (i < value.length) {
    ows();
    const found = member();
    if (found !== undefined) {
      members.push(found);
    }
    // On to the next member, past the rest of a broken one: the next comma
    // outside a quoted string (an unterminated one runs to the end).
    let quoted = false;
    while (i < value.length && (quoted || value[i] !== ",")) {
      if (value[i] === '"') {
        quoted = !quoted;
      } else if (quoted && value[i] === "\\") {
        i++;
      }
      i++;
    }
    i++;
  }
  return members;
}

/** A parameter that is a non-negative integer of digits, at most 2^53−1. */
function integerParam(value: string | undefined): number | undefined {
  const number =
    value !== undefined && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) ? number : undefined;
}

/**
 * The rate limit a response reports (README rule 22): the IETF headers if
 * the spec reads them, then the named headers for what is still absent;
 * undefined when none of limit, remaining and reset is there.
 */
export function readRateLimit(
  info: RateLimitHeadersInfo | undefined,
  headers: Readonly<Record<string, string>>,
  now: number,
): RateLimit | undefined {
  if (info === undefined) {
    return undefined;
  }
  let limit: number | undefined;
  let remaining: number | undefined;
  let resetMs: number | undefined;
  let windowMs: number | undefined;
  let policy: string | undefined;
  const ms = (s: number | undefined) =>
    s === undefined ? undefined : Math.min(s * 1000, Number.MAX_SAFE_INTEGER);
  if (info.ietf) {
    const limits = parseListMembers(headers["ratelimit"] ?? "");
    const current = limits.find((m) => m.params.has("r"));
    if (current !== undefined) {
      policy = current.name;
      remaining = integerParam(current.params.get("r"));
      resetMs = ms(integerParam(current.params.get("t")));
    }
    const policies = parseListMembers(headers["ratelimit-policy"] ?? "");
    const quota =
      (current === undefined
        ? undefined
        : policies.find((m) => m.name === current.name)) ?? policies[0];
    if (quota !== undefined) {
      policy ??= quota.name;
      limit = integerParam(quota.params.get("q"));
      windowMs = ms(integerParam(quota.params.get("w")));
    }
  }
  const named = (name: string | undefined) =>
    name === undefined ? undefined : headers[name];
  limit ??= headerInteger(named(info.limit));
  remaining ??= headerInteger(named(info.remaining));
  const reset = named(info.reset);
  if (resetMs === undefined && reset !== undefined) {
    const value = secondsToMs(reset);
    if (value !== undefined) {
      resetMs = Math.min(
        info.resetKind === "epoch_seconds" ? Math.max(0, value - now) : value,
        Number.MAX_SAFE_INTEGER,
      );
    }
  }
  if (limit === undefined && remaining === undefined && resetMs === undefined) {
    return undefined;
  }
  return { limit, remaining, resetMs, windowMs, policy };
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
  const now = options?.now?.() ?? Date.now();
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
  const retryAfterMs = serverDelayMs(envelope, headers, at, now);
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
    rateLimit: readRateLimit(envelope.headers.rateLimit, headers, now),
    receivedAtMs: now,
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
 * delay under a `retry_after` policy, else backoff (README rule 12). A server
 * that asks for longer than `maxRetryAfterMs` gets that maximum under
 * `longerWait: "clamp"`; under `"give_up"` the result is `undefined`: do not
 * retry (rule 13).
 */
export function retryDelayMs(
  error: RetryFacts,
  retry: number,
  random: () => number = Math.random,
): number | undefined {
  const policy = error.retryPolicy;
  const asked = error.retryAfterMs;
  if (policy.policy === "retry_after" && asked !== undefined) {
    if (asked <= policy.maxRetryAfterMs) {
      return asked;
    }
    return policy.longerWait === "clamp" ? policy.maxRetryAfterMs : undefined;
  }
  return backoffDelayMs(policy, retry, random);
}

/** Error codes of a connection that failed before a response (README rule 20). */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

function member(value: unknown, key: PropertyKey): unknown {
  return typeof value === "object" && value !== null
    ? Reflect.get(value, key)
    : undefined;
}

/**
 * Whether `error` is a request that failed before any response: refused,
 * reset, closed early, a broken pipe or a timeout (README rule 20). Read by
 * shape, for any client: any error whose own `code` is a Node or undici
 * connection code (`ECONNRESET`, `UND_ERR_SOCKET`, ...: Node's sockets,
 * axios), an axios `ERR_NETWORK` or an AxiosError whose body broke off, a
 * `TimeoutError` (what `AbortSignal.timeout` aborts with), and a
 * `TypeError` whose `cause` is one of these (fetch's, and `fromResponse`'s
 * for an AxiosError without a response). An `AbortError` or axios
 * `ERR_CANCELED` (the caller cancelled) never is.
 */
export function isConnectionError(error: unknown): boolean {
  return failedBeforeResponse(error, true);
}

/** {@link isConnectionError}; `wrapped`: a TypeError's cause may tell. */
function failedBeforeResponse(error: unknown, wrapped: boolean): boolean {
  try {
    const name = member(error, "name");
    if (name === "AbortError" || member(error, "code") === "ERR_CANCELED") {
      return false;
    }
    if (name === "TimeoutError") {
      return true;
    }
    const code = member(error, "code");
    if (typeof code === "string" && CONNECTION_CODES.has(code)) {
      return true;
    }
    if (member(error, "isAxiosError") === true) {
      // ERR_NETWORK: no response; a response without `data`: its body
      // broke off ("stream has been aborted").
      const response = member(error, "response");
      return (
        code === "ERR_NETWORK" ||
        (typeof response === "object" &&
          response !== null &&
          !("data" in response))
      );
    }
    // fetch's TypeError wraps the socket's error; so does the TypeError of
    // `fromResponse` given an AxiosError without a response.
    return (
      wrapped &&
      (error instanceof TypeError || name === "TypeError") &&
      failedBeforeResponse(member(error, "cause"), false)
    );
  } catch {
    return false;
  }
}

/**
 * A fetch `Response` (Node's fetch, undici's `fetch` and `request` results
 * made into one, a browser's, ky's): what {@link readClientResponse} reads.
 */
export interface ResponseLike {
  /** The HTTP status. */
  readonly status: number;
  /** The response headers. */
  readonly headers: HeaderInput;
  /** Whether the body was read already; it cannot be read twice. */
  readonly bodyUsed?: boolean;
  /** The body as bytes. */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * An axios `AxiosResponse`: `headers` an `AxiosHeaders` or a plain record,
 * the body in `data` as the request's `responseType` left it. With
 * `responseType: "arraybuffer"` (or `"stream"`) the exact bytes are kept;
 * the default decodes them as UTF-8 and parses JSON, so they are encoded
 * again (README rule 25).
 */
export interface AxiosResponseLike {
  /** The HTTP status. */
  readonly status: number;
  /** The response headers. */
  readonly headers: Readonly<Record<string, unknown>>;
  /** The body: bytes, a stream, text, parsed JSON, or nothing. */
  readonly data?: unknown;
}

/** An axios `AxiosError`: read through its `response`, if one arrived. */
export interface AxiosErrorLike {
  /** `true` on every `AxiosError`. */
  readonly isAxiosError: boolean;
  /** The error response; absent when the request failed before one. */
  readonly response?: AxiosResponseLike | undefined;
}

/**
 * A ky `HTTPError`: read through its `response`, or through `data` when ky
 * read the body into it already (ky 2).
 */
export interface KyHTTPErrorLike {
  /** The error response. */
  readonly response: ResponseLike;
  /** The body as ky parsed it: text, JSON, or nothing. */
  readonly data?: unknown;
}

/** What `fromResponse` reads: a response, or a client's error that holds one. */
export type ClientResponse =
  ResponseLike | AxiosResponseLike | AxiosErrorLike | KyHTTPErrorLike;

/** The status, headers and body a client's response holds. */
export interface ResponseParts {
  readonly status: number;
  readonly headers: HeaderInput;
  readonly body: Uint8Array | string;
}

/** A short account of `value` for a usage error. */
function describe(value: unknown): string {
  if (typeof value === "function") {
    return "a function";
  }
  if (value === null || value === undefined) {
    return String(value);
  }
  if (typeof value !== "object") {
    return typeof value === "string"
      ? "a string"
      : `${typeof value} ${String(value)}`;
  }
  if (value instanceof Error) {
    return `${value.name} (${value.message})`;
  }
  const keys = Object.keys(value).slice(0, 6).join(", ");
  return `an object (keys: ${keys || "none"})`;
}

/** The usage error of README rule 25: what to pass instead. */
function notAResponse(what: string): TypeError {
  return new TypeError(
    `fromResponse: got ${what}; pass a fetch Response, an axios response or AxiosError, or a ky HTTPError, or for any other client fromParts(status, headers, body)`,
  );
}

/** The bytes of an axios `data` or a ky `data`; text and JSON encoded again. */
async function dataBytes(data: unknown): Promise<Uint8Array | string> {
  if (data === undefined || data === null) {
    return "";
  }
  if (typeof data === "string") {
    return data;
  }
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (ArrayBuffer.isView(data)) {
    // A copy, as a plain Uint8Array (not a Buffer sharing a pool).
    const { buffer, byteOffset, byteLength } = data;
    return new Uint8Array(buffer, byteOffset, byteLength).slice();
  }
  if (typeof member(data, "arrayBuffer") === "function") {
    // A Blob (`responseType: "blob"`).
    const blob = data as { arrayBuffer(): Promise<ArrayBuffer> };
    return new Uint8Array(await blob.arrayBuffer());
  }
  if (typeof member(data, Symbol.asyncIterator) === "function") {
    // A stream (`responseType: "stream"`) of bytes or text, read to its
    // end; a failure is the stream's own error.
    const chunks: unknown[] = [];
    for await (const chunk of data as AsyncIterable<unknown>) {
      chunks.push(chunk);
    }
    return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
  }
  return JSON.stringify(data) ?? "";
}

/**
 * The status, headers and whole body of what an HTTP client gives for a
 * response (README rule 25). Rejects with a `TypeError` for anything else,
 * and with the client's own error when reading the body fails.
 */
export async function readClientResponse(
  input: unknown,
): Promise<ResponseParts> {
  let response = input;
  const wrapped = member(input, "response");
  if (member(input, "isAxiosError") === true) {
    if (typeof wrapped !== "object" || wrapped === null) {
      const code = member(input, "code");
      throw new TypeError(
        `fromResponse: this AxiosError${typeof code === "string" ? ` (${code})` : ""} has no response: the request failed before one, and isConnectionError(error) is ${String(isConnectionError(input))}; rethrow it`,
        { cause: input },
      );
    }
    if (!("data" in wrapped)) {
      // The body broke off while axios read it: its own error, as it is.
      throw input;
    }
    response = wrapped;
  } else if (
    typeof member(input, "status") !== "number" &&
    typeof wrapped === "object" &&
    wrapped !== null
  ) {
    response = wrapped;
  }
  const status = member(response, "status");
  if (typeof status !== "number") {
    throw notAResponse(describe(input));
  }
  if (!Number.isInteger(status) || status < 100 || status > 999) {
    throw notAResponse(`a response with status ${String(status)}`);
  }
  const headers = member(response, "headers") as HeaderInput;
  const read = member(response, "arrayBuffer");
  if (typeof read === "function") {
    if (member(response, "bodyUsed") !== true) {
      const buffer = (await read.call(response)) as ArrayBuffer;
      return { status, headers, body: new Uint8Array(buffer) };
    }
    if (
      response !== input &&
      typeof input === "object" &&
      input !== null &&
      "data" in input
    ) {
      // ky 2 reads the body into the error's `data` (undefined when empty).
      return { status, headers, body: await dataBytes(member(input, "data")) };
    }
    throw notAResponse(
      "a response whose body was read already (pass response.clone() before reading it)",
    );
  }
  if (
    typeof response !== "object" ||
    response === null ||
    !("data" in response)
  ) {
    throw notAResponse(describe(input));
  }
  // Node's http (axios' adapter there) drops repeated Retry-After and other
  // lines from `headers`; the raw lines are kept on the response.
  const raw = member(member(member(response, "request"), "res"), "rawHeaders");
  const pairs: [string, string][] = [];
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) {
      pairs.push([String(raw[i]), String(raw[i + 1])]);
    }
  }
  return {
    status,
    headers: pairs.length > 0 ? pairs : headers,
    body: await dataBytes(member(response, "data")),
  };
}

/** One attempt of a call of the retry helper (README rule 21). */
export interface Attempt {
  /** 1 for the first attempt, 2 for the first retry, and so on. */
  readonly number: number;
  /**
   * Headers to send with the request: the idempotency key, the same on
   * every attempt of the call; empty when the spec names no such header.
   */
  readonly headers: Readonly<Record<string, string>>;
}

/** Options of `withRetries`; the effects can be replaced in tests. */
export interface RetryOptions {
  /** Waits `ms` milliseconds; default `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A uniform number in `[0, 1)`; default `Math.random`. */
  readonly random?: () => number;
  /**
   * The idempotency key every attempt sends; default a new random UUID
   * (v4) per call. Only used when the spec names an idempotency header.
   */
  readonly idempotencyKey?: string;
  /** Makes the key of a call that was given none; default `crypto.randomUUID`. */
  readonly newIdempotencyKey?: () => string;
  /**
   * More errors to treat as connection errors, besides those
   * {@link isConnectionError} knows; retried only when the spec retries
   * connection errors.
   */
  readonly isConnectionError?: (error: unknown) => boolean;
}

/** Sleeps with `setTimeout`. */
export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What `retryLoop` needs to know about the spec. */
export interface RetryLoopInfo {
  /** Connection errors and the idempotency header. */
  readonly helper: RetryHelperInfo;
  /** The `[retry]` parameters, for connection errors. */
  readonly defaults: RetryPolicy;
}

/**
 * The loop behind `withRetries` (README rules 13, 20, 21); `facts`
 * recognises the package's errors.
 */
export async function retryLoop<T>(
  fn: (attempt: Attempt) => Promise<T>,
  facts: (error: unknown) => (RetryFacts & { retryable: boolean }) | undefined,
  info: RetryLoopInfo,
  options: RetryOptions,
): Promise<T> {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const header = info.helper.idempotencyHeader;
  const headers: Record<string, string> = {};
  if (header !== undefined) {
    headers[header] =
      options.idempotencyKey ??
      (options.newIdempotencyKey ?? (() => crypto.randomUUID()))();
  }
  const connection = (error: unknown) =>
    info.helper.connectionErrors === "backoff" &&
    (isConnectionError(error) || options.isConnectionError?.(error) === true);
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn({ number: attempt, headers: { ...headers } });
    } catch (error) {
      const known = facts(error);
      let delay: number | undefined;
      if (known !== undefined) {
        delay =
          known.retryable && attempt < known.retryPolicy.maxAttempts
            ? retryDelayMs(known, attempt, random)
            : undefined;
      } else if (connection(error) && attempt < info.defaults.maxAttempts) {
        delay = backoffDelayMs(info.defaults, attempt, random);
      }
      if (delay === undefined) {
        throw error;
      }
      await sleep(delay);
    }
  }
}

/** The version of the error documents this package writes and reads. */
export const DOCUMENT_VERSION = 1;

/**
 * An error as data (README rule 23): what `JSON.stringify(error)` writes and
 * `APIError.fromJSON` reads back as the same error.
 */
export interface ErrorDocument {
  /** The document format's version, {@link DOCUMENT_VERSION}. */
  readonly errcat: number;
  /** The API's id. */
  readonly api: string;
  /** The HTTP status. */
  readonly status: number;
  /** The kept headers, names lower case, sorted, repeated ones combined. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body, when it is valid UTF-8. */
  readonly body?: string;
  /** The body in base64 (standard alphabet, padded), when it is not. */
  readonly body_base64?: string;
  /** When the response was read, ms since the epoch. */
  readonly received_at_ms: number;
  /** The code, for readers; ignored when read. */
  readonly code: string | number | null;
  /** The message, for readers; ignored when read. */
  readonly message: string;
}

/** A document that is not an error document of this package's API and version. */
export class DocumentError extends Error {
  static {
    this.prototype.name = "DocumentError";
  }
}

/** What an error document is written from. */
export interface DocumentParts {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly receivedAtMs: number;
}

/** The response an error document stands for. */
export interface DocumentResponse {
  readonly status: number;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Uint8Array;
  readonly receivedAtMs: number;
}

/** The error document of an error (README rule 23). */
export function writeDocument(
  api: string,
  parts: DocumentParts,
  code: string | number | null,
  message: string,
): ErrorDocument {
  const headers = Object.keys(parts.headers)
    .sort()
    .map((name): [string, string] => [name, parts.headers[name]!]);
  let text: string | undefined;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(
      parts.body,
    );
  } catch {
    text = undefined;
  }
  return {
    errcat: DOCUMENT_VERSION,
    api,
    status: parts.status,
    headers,
    ...(text === undefined
      ? { body_base64: toBase64(parts.body) }
      : { body: text }),
    received_at_ms: parts.receivedAtMs,
    code,
    message,
  };
}

/**
 * The parts of the response an error document stands for; a
 * {@link DocumentError} when `input` (the document or its JSON text) is not
 * a document of version {@link DOCUMENT_VERSION} for the API `api`.
 */
export function readDocument(api: string, input: unknown): DocumentResponse {
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch {
      throw new DocumentError("an error document is a JSON object");
    }
  }
  if (!isObject(doc)) {
    throw new DocumentError("an error document is a JSON object");
  }
  if (doc["errcat"] !== DOCUMENT_VERSION) {
    throw new DocumentError(
      `not an errcat error document of version ${String(DOCUMENT_VERSION)}: errcat is ${JSON.stringify(doc["errcat"]) ?? "missing"}`,
    );
  }
  if (doc["api"] !== api) {
    throw new DocumentError(
      `the document is an error of the API ${JSON.stringify(doc["api"]) ?? "(none)"}, not ${JSON.stringify(api)}`,
    );
  }
  const { status, headers, body, received_at_ms: receivedAtMs } = doc;
  if (typeof status !== "number" || !Number.isInteger(status)) {
    throw new DocumentError("`status` is an integer");
  }
  if (typeof receivedAtMs !== "number" || !Number.isSafeInteger(receivedAtMs)) {
    throw new DocumentError("`received_at_ms` is an integer");
  }
  const pairs: [string, string][] = [];
  if (!Array.isArray(headers)) {
    throw new DocumentError("`headers` is an array of [name, value] pairs");
  }
  for (const pair of headers as unknown[]) {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== "string" ||
      typeof pair[1] !== "string"
    ) {
      throw new DocumentError("`headers` is an array of [name, value] pairs");
    }
    pairs.push([pair[0], pair[1]]);
  }
  const base64 = doc["body_base64"];
  let bytes: Uint8Array;
  if (typeof body === "string" && base64 === undefined) {
    bytes = new TextEncoder().encode(body);
  } else if (typeof base64 === "string" && body === undefined) {
    const decoded = fromBase64(base64);
    if (decoded === undefined) {
      throw new DocumentError("`body_base64` is not padded standard base64");
    }
    bytes = decoded;
  } else {
    throw new DocumentError("a document has one of `body` and `body_base64`");
  }
  return { status, headers: pairs, body: bytes, receivedAtMs };
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  // In slices, so that no call gets more arguments than the engine allows.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function fromBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) {
    return undefined;
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

