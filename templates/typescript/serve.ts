{%- import "typescript/macros.ts" as m -%}
{% call m::notice(notice) %}{% endcall %}
/**
 * The part of the server side that does not depend on the spec: the
 * response value, the body writer and the canonical JSON serializer
 * (README, "Serving errors" and rule 24). `server.ts` calls it with each
 * error's emit plan.
 *
 * @module
 */

/** A built error response: plain data for any server framework. */
export interface ErrorResponse {
  /** The HTTP status. */
  readonly status: number;
  /** The headers, in order, as `[name, value]` pairs. */
  readonly headers: readonly (readonly [string, string])[];
  /** The body bytes: canonical compact JSON (README, rule 24). */
  readonly body: Uint8Array;
}

/** A value the writer puts into a body. */
export type BodyValue = string | number | boolean;

/**
 * A path step into an array: the element object whose member `member` is
 * the string `equals`, made (with that member first) when there is none
 * (README, rule 18).
 */
export interface Select {
  readonly member: string;
  readonly equals: string;
}

/** One step of a body path: an object member, an array index, a selection. */
export type Step = string | number | Select;

/** The selection step `member = equals`. */
export function select(member: string, equals: string): Select {
  return { member, equals };
}

// Objects are Maps: a plain object would put integer-like keys first.
type Node = BodyValue | Map<string, Node> | Node[];

function container(next: Step): Node {
  return typeof next === "string" ? new Map<string, Node>() : [];
}

function picks(node: Node, step: Select): boolean {
  return node instanceof Map && node.get(step.member) === step.equals;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function stringText(text: string): string {
  // Only `"`, `\` and U+0000-U+001F are escaped (rule 24).
  const escaped = text.replace(/["\\\u0000-\u001f]/g, (c) => {
    return (
      SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`
    );
  });
  return `"${escaped}"`;
}

function write(node: Node, out: string[]): void {
  if (typeof node === "string") {
    out.push(stringText(node));
  } else if (typeof node === "number") {
    if (!Number.isFinite(node)) {
      throw new RangeError(`not a JSON number: ${node}`);
    }
    out.push(String(node));
  } else if (typeof node === "boolean") {
    out.push(node ? "true" : "false");
  } else if (Array.isArray(node)) {
    out.push("[");
    node.forEach((item, i) => {
      if (i > 0) out.push(",");
      write(item, out);
    });
    out.push("]");
  } else {
    out.push("{");
    let first = true;
    for (const [key, item] of node) {
      if (!first) out.push(",");
      first = false;
      out.push(stringText(key), ":");
      write(item, out);
    }
    out.push("}");
  }
}

/** Seconds for a `Retry-After` header from a delay in ms: rounded up. */
export function retryAfterSeconds(ms: number | undefined): string | undefined {
  if (ms === undefined) {
    return undefined;
  }
  if (!Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`not a delay in milliseconds: ${ms}`);
  }
  return String(Math.ceil(ms / 1000));
}

/**
 * An error body being built from an emit plan: values put at paths (a
 * value `undefined` is skipped), headers added in order, then the
 * response.
 */
export class Body {
  readonly #root = new Map<string, Node>();
  readonly #headers: [string, string][] = [];

  /** Sets `value` at `path`, making the objects and arrays on the way. */
  put(path: readonly Step[], value: BodyValue | undefined): void {
    if (value === undefined) {
      return;
    }
    let node: Node = this.#root;
    path.forEach((step, i) => {
      const last = i === path.length - 1;
      const next = path[i + 1];
      const fresh = (): Node =>
        last || next === undefined ? value : container(next);
      if (typeof step === "string") {
        if (!(node instanceof Map)) {
          throw new TypeError(`step ${i} of a path is not into an object`);
        }
        const child = node.get(step);
        if (last || child === undefined) {
          node.set(step, fresh());
        }
        node = node.get(step) as Node;
      } else if (!Array.isArray(node)) {
        throw new TypeError(`step ${i} of a path is not into an array`);
      } else if (typeof step === "number") {
        while (node.length <= step) {
          node.push(new Map<string, Node>());
        }
        if (last) {
          node[step] = fresh();
        }
        node = node[step] as Node;
      } else {
        let found = node.find((e) => picks(e, step));
        if (found === undefined) {
          found = new Map<string, Node>([[step.member, step.equals]]);
          node.push(found);
        }
        node = found;
      }
    });
  }

  /** Adds a header; a value `undefined` is skipped. */
  header(name: string, value: string | undefined): void {
    if (value !== undefined) {
      this.#headers.push([name, value]);
    }
  }

  /** The response: `content-type` first, then the headers added. */
  response(status: number, contentType: string): ErrorResponse {
    const out: string[] = [];
    write(this.#root, out);
    return {
      status,
      headers: [["content-type", contentType], ...this.#headers],
      body: new TextEncoder().encode(out.join("")),
    };
  }
}

/** The canonical JSON text (rule 24) of a response's body, for tests. */
export function bodyText(response: ErrorResponse): string {
  return new TextDecoder().decode(response.body);
}

