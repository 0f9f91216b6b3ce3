{%- import "typescript/macros.ts" as m -%}
{% call m::notice(notice) %}{% endcall %}
{{ messages_doc }}
import { DEFINITIONS, type AnyCode } from "./errors.js";
import { fillTemplate, type TemplateValue } from "./runtime.js";

/** Template parameters by wire name, e.g. `{ quota_metric: "Queries" }`. */
export type MessageParams = Readonly<Record<string, TemplateValue>>;

/**
 * The message of `code`: its definition at `status` (else its first), each
 * `<param>` of its template replaced by the value in `params` (by wire name):
 * strings as they are, integers in decimal, booleans `true`/`false`. Absent
 * parameters stay `<param>`. `undefined` when the spec does not define the
 * code (at that status).
 */
export function formatMessage(
  code: AnyCode,
  params: MessageParams,
  status?: number,
): string | undefined {
  const definitions = DEFINITIONS.get(code);
  const definition =
    status === undefined
      ? definitions?.[0]
      : definitions?.find((d) => d.status === status);
  if (definition === undefined) {
    return undefined;
  }
  return fillTemplate(definition.message, definition.params, (name) =>
    Object.hasOwn(params, name) ? params[name] : undefined,
  );
}
{%- for f in formatters %}

{{ f.doc }}{{ f.signature }}{{ f.body }}}
{%- endfor %}

