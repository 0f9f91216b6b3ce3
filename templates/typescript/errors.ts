{%- import "typescript/macros.ts" as m -%}
{% call m::notice(notice) %}{% endcall %}
{{ errors_doc }}
{{ catalog_imports }}
import {
  grpcCodeForStatus,
  indexCatalog,
  type ContextFieldInfo,
  type GrpcCode,
  parseResponse,
  readClientResponse,
  readDocument,
  retryDelayMs,
  retryLoop,
  writeDocument,
  type Attempt,
  type BodyInput,
  type ClientResponse,
  type Definition,
  type ErrorDocument,
  type HeaderInput,
  type ParseOptions,
  type ParsedResponse,
  type RateLimit,
  type RetryOptions,
  type RetryPolicy,
  type SubcodeInfo,
} from "./runtime.js";

const INDEX = indexCatalog(CATALOG);

/** Every definition of every code, by code, in domain order. O(1) lookup. */
export const DEFINITIONS: ReadonlyMap<string, readonly Definition[]> =
  INDEX.definitions;

/** The typed context fields of {@link Context}: wire name, property, type, text. */
export const CONTEXT_FIELDS: readonly ContextFieldInfo[] = CATALOG.fields;

/** The sub-codes (README rule 16): name, the error's property, location, values. */
export const SUBCODES: readonly SubcodeInfo[] = CATALOG.subcodes;

/** A code this package knows, or any other string a newer server sends. */
export type AnyCode = Code | (string & {});

/**
 * Whether `code` is one this package knows: every code has a definition, so
 * the definitions answer, and an app that never reads {@link Code} does not
 * carry that object.
 */
export function isKnownCode(code: string): code is Code {
  return INDEX.definitions.has(code);
}

/**
 * Whether `value` is a documented value of the sub-code `name` (by its name
 * in the spec, e.g. `decline_code`).
 */
export function isKnownSubcode(name: string, value: string): boolean {
  return INDEX.subcodeValues.get(name)?.has(value) === true;
}
{%- for s in subcodes %}

{{ s.any_type }}
{{ s.guard }}
{%- endfor %}

/** One item of a multi-error body (README rule 15); each part absent when not sent. */
export interface ErrorItem {
  /** The item's code: a {@link Code} when known, else what was sent. */
  readonly code: AnyCode | undefined;
  /** The item's message. */
  readonly message: string | undefined;
  /** The request field the item is about. */
  readonly field: string | undefined;
  /** A JSON Pointer into the request the item is about. */
  readonly location: string | undefined;
}

/**
 * The definition of `code` that applies to a response with `status`: the
 * first, in domain order, sent with that status (README rule 4).
 */
export function definitionFor(
  code: string,
  status: number,
): Definition | undefined {
  return DEFINITIONS.get(code)?.find((d) => d.status === status);
}

/** Marks errors of this package, across copies of it (see `isAPIError`). */
const BRAND = Symbol.for({{ brand_literal }});

/** Typed context fields an error body may carry; absent when missing or mistyped. */
{%- if fields.is_empty() %}
export interface Context {}
{%- else %}
export interface Context {
{%- for f in fields %}
{{ f.doc }}  readonly {{ f.key }}?: {{ f.ts_type }};
{%- endfor %}
}
{%- endif %}

/**
 * Any error response of the API. Subclasses stand for the status-level
 * classes; an error of no class is an `APIError` itself.
 *
 * `instanceof` works across copies of this package (two bundles, say):
 * errors carry a brand registered with `Symbol.for`.
 */
export class APIError extends Error {
  /** The class id this type stands for; `undefined` on `APIError`. */
  static readonly errorClass: ErrorClassId | undefined = undefined;

  /**
   * `value instanceof X`: the ordinary prototype check, or, for this
   * package's own types, the brand and the class id, so that errors made by
   * another copy of the package match too.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    try {
      if (Function.prototype[Symbol.hasInstance].call(this, value)) {
        return true;
      }
      if (!isAPIError(value)) {
        return false;
      }
      // Only this package's own types match by brand; user subclasses
      // keep the ordinary prototype check above.
      return (
        Object.hasOwn(this, "errorClass") &&
        (this.errorClass === undefined || this.errorClass === value.errorClass)
      );
    } catch {
      return false;
    }
  }

  static {
    this.prototype.name = "APIError";
  }

  /**
   * The error an error document stands for (README rule 23): `JSON.stringify`
   * of an error, or its parsed object. The response is read again as it was,
   * with the clock at `received_at_ms`, so every field is the same. Throws a
   * `DocumentError` for a document of another API or format version.
   */
  static fromJSON(document: unknown): APIError {
    const parts = readDocument(CATALOG.api, document);
    return fromParts(parts.status, parts.headers, parts.body, {
      now: () => parts.receivedAtMs,
    });
  }

  /** The HTTP status. */
  readonly status: number;
  /**
   * The error code: a {@link Code} when known, else the string sent (an
   * integer code in decimal). Without one in the body, the first item's.
   */
  readonly code: AnyCode | undefined;
  /** The `google.rpc.Code` of the error (README rule 17). */
  readonly grpc: GrpcCode;
  /** The items of a multi-error body, in order; empty when there are none. */
  readonly items: readonly ErrorItem[];
  /** The error's domain, e.g. AIP-193 `ErrorInfo.domain`. */
  readonly domain: string | undefined;
  /** The string-valued members of the body's metadata object. */
  readonly metadata: Readonly<Record<string, string>>;
{%- for s in subcodes %}
{{ s.member }}
{%- endfor %}
  /** The request id, from the headers or the body. */
  readonly requestId: string | undefined;
  /** The request field the error is about. */
  readonly field: string | undefined;
  /** The raw details object of the body. */
  readonly details: Readonly<Record<string, unknown>> | undefined;
  /** Typed context fields. */
  readonly context: Context;
  /** The raw body bytes, always kept. */
  readonly body: Uint8Array;
  /** The body as text (invalid UTF-8 replaced). */
  readonly text: string;
  /**
   * Response headers, lower-cased, without credentials (README rule 14); a
   * repeated header's values are combined, joined by ", ".
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The code's definition for this status, if the spec has one. */
  readonly definition: Definition | undefined;
  /** The status-level class, if any. */
  readonly errorClass: ErrorClassId | undefined;
  /** How this error is retried. */
  readonly retryPolicy: RetryPolicy;
  /** Whether retrying may help. */
  readonly retryable: boolean;
  /**
   * The server-requested delay, as asked (at most 2^53−1): the policy's
   * `maxRetryAfterMs` applies in {@link APIError.retryDelay}.
   */
  readonly retryAfterMs: number | undefined;
  /** The rate limit the response reports (README rule 22). */
  readonly rateLimit: RateLimit | undefined;
  /** When the response was read, ms since the epoch. */
  readonly receivedAtMs: number;

  /** Use {@link fromParts} or {@link fromResponse} rather than this. */
  constructor(parsed: ParsedResponse) {
    super(parsed.message);
    Object.setPrototypeOf(this, new.target.prototype);
    Object.defineProperty(this, BRAND, { value: true });
    this.status = parsed.status;
    this.code = parsed.code;
    this.grpc = parsed.grpc;
    this.items = parsed.items;
    this.domain = parsed.domain;
    this.metadata = parsed.metadata;
{%- for s in subcodes %}
{{ s.assignment }}
{%- endfor %}
    this.requestId = parsed.requestId;
    this.field = parsed.field;
    this.details = parsed.details;
    this.context = parsed.context as Context;
    this.body = parsed.body;
    this.text = parsed.text;
    this.headers = parsed.headers;
    this.definition = parsed.definition;
    this.errorClass = (new.target as typeof APIError).errorClass;
    this.retryPolicy = parsed.retryPolicy;
    this.retryable = parsed.retryable;
    this.retryAfterMs = parsed.retryAfterMs;
    this.rateLimit = parsed.rateLimit;
    this.receivedAtMs = parsed.receivedAtMs;
  }

  /**
   * What retry `retry` (1 for the first) after this error waits, in ms
   * (README rule 12): under a `retry_after` policy the server's ask, else
   * backoff. `undefined` when the server asked for longer than the policy's
   * `maxRetryAfterMs` and its `longerWait` is `give_up`: {@link withRetries}
   * then gives up at once (rule 13), as a loop of your own should.
   * `retryable` and `maxAttempts` still decide whether to retry at all.
   */
  retryDelay(
    retry: number,
    random: () => number = Math.random,
  ): number | undefined {
    return retryDelayMs(this, retry, random);
  }

  /**
   * The error as a document (README rule 23), which {@link APIError.fromJSON}
   * reads back; `JSON.stringify(error)` writes it.
   */
  toJSON(): ErrorDocument {
    return writeDocument(CATALOG.api, this, this.code ?? null, this.message);
  }

  /** `Name: message (HTTP status, code CODE, request id ID)`. */
  override toString(): string {
    const parts = [`HTTP ${String(this.status)}`];
    if (this.code !== undefined) {
      parts.push(`code ${this.code}`);
    }
    if (this.requestId !== undefined) {
      parts.push(`request id ${this.requestId}`);
    }
    return `${this.name}: ${this.message} (${parts.join(", ")})`;
  }
}

/** Whether `value` is an error of this package, from any copy of it. */
export function isAPIError(value: unknown): value is APIError {
  try {
    return (
      typeof value === "object" &&
      value !== null &&
      Reflect.get(value, BRAND) === true
    );
  } catch {
    return false;
  }
}
{% for c in classes %}
{{ c.doc }}export class {{ c.ident }} extends APIError {
{{ c.static_id }}
  // Distinct per class, so that TypeScript tells the classes apart.
  declare readonly errorClass: {{ c.id_literal }};

  static {
{{ c.name_assignment }}
  }
}

{{ c.guard_doc }}{{ c.guard_signature }}{{ c.guard_body }}
}
{% endfor %}
/** The error type of each class, by class id. */
export const ERROR_TYPES: { readonly [K in ErrorClassId]: typeof APIError } = {
{% for c in classes %}{{ c.type_entry }}{% endfor %}};

function minimal(status: number, body: unknown): ParsedResponse {
  return {
    status,
    code: undefined,
    grpc: grpcCodeForStatus(status),
    items: [],
    subcodes: {},
    domain: undefined,
    metadata: {},
    message: `HTTP ${String(status)}`,
    requestId: undefined,
    field: undefined,
    details: undefined,
    context: {},
    body:
      typeof body === "string"
        ? new TextEncoder().encode(body)
        : body instanceof Uint8Array
          ? body
          : new Uint8Array(0),
    text: typeof body === "string" ? body : "",
    headers: {},
    definition: undefined,
    errorClass: undefined,
    retryPolicy: CATALOG.defaultRetry,
    retryable: false,
    retryAfterMs: undefined,
    rateLimit: undefined,
    receivedAtMs: Date.now(),
  };
}

/**
 * The error for an HTTP response, from its parts. Never throws: any status,
 * headers and body (HTML, empty, invalid UTF-8, JSON of any shape) give an
 * {@link APIError} (README "Runtime semantics"). Pass the body's bytes; a
 * body a client parsed already (axios' `data`) is read as its compact JSON,
 * though {@link fromResponse} reads an axios response or error whole.
 */
export function fromParts(
  status: number,
  headers?: HeaderInput,
  body?: BodyInput,
  options?: ParseOptions,
): APIError {
  try {
    const parsed = parseResponse(INDEX, status, headers, body, options);
    const id = parsed.errorClass as ErrorClassId | undefined;
    const Type = id === undefined ? APIError : ERROR_TYPES[id];
    return new Type(parsed);
  } catch {
    return new APIError(minimal(status, body));
  }
}

/**
 * The error for what an HTTP client gives you for an error response (README
 * rule 25): a fetch or undici `Response`, an axios `AxiosResponse` or
 * `AxiosError`, a ky `HTTPError`. Reads the whole body first; with axios,
 * `responseType: "arraybuffer"` keeps its exact bytes (the default decodes
 * and parses it, so it is encoded again: the same meaning, maybe not the
 * same bytes). Rejects only when it cannot be read: with the client's own
 * error when reading the body fails (a reset, say), and with a `TypeError`
 * for anything that is not a response, such as an `AxiosError` without one
 * (the request failed before any response: see `isConnectionError`).
 * For any other client, use {@link fromParts}.
 */
export async function fromResponse(
  response: ClientResponse,
  options?: ParseOptions,
): Promise<APIError> {
  const parts = await readClientResponse(response);
  return fromParts(parts.status, parts.headers, parts.body, options);
}

/**
 * Runs `fn` and retries it on this package's retryable errors, sleeping as
 * the error's policy says, until `maxAttempts` attempts were made (README
 * rule 13); a server that asks for a longer wait than the policy honours
 * ends it at once, unless the policy clamps. When the spec says so,
 * connection errors and timeouts are retried with the `[retry]` backoff
 * (rule 20). Other errors propagate at once.
 *
 * `fn` gets the {@link Attempt}: its number and the headers to send, with
 * the idempotency key the spec names, the same on every attempt (rule 21).
 */
export function withRetries<T>(
  fn: (attempt: Attempt) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  return retryLoop(
    fn,
    (e) => (isAPIError(e) ? e : undefined),
    { helper: CATALOG.retryHelper, defaults: CATALOG.defaultRetry },
    options,
  );
}

