{%- import "typescript/macros.ts" as m -%}
{% call m::notice(notice) %}{% endcall %}
{{ catalog_doc }}
{%- if definitions.is_empty() %}
import type { CatalogInfo } from "./runtime.js";
{%- else %}
import {
  definitionOf,
  type CatalogInfo,
  type DefinitionRow,
  type RetryPolicy,
} from "./runtime.js";
{%- endif %}

/**
 * Every code the spec defines, by identifier. A response may carry a code
 * that is not listed here (a newer server); it is kept as a plain string.
 */
export const Code = {
{{ codes -}}
} as const;

/** A code this package knows. */
export type Code = (typeof Code)[keyof typeof Code];
{% for s in subcodes %}
{{ s.doc }}export const {{ s.ident }} = {
{{ s.values -}}
} as const;

/** A documented value of the sub-code {@link {{ s.ident }}}. */
export type {{ s.ident }} = (typeof {{ s.ident }})[keyof typeof {{ s.ident }}];
{% endfor %}
/** The status-level classes, by id. */
export const CLASSES = {
{%- for c in classes %}
{{ c.open }}
{% for p in c.props %}{{ p }}{% endfor %}{{ c.close }}
{%- endfor %}
} as const;

/** The id of a status-level class, e.g. `rate_limit`. */
export type ErrorClassId = keyof typeof CLASSES;
{%- if !definitions.is_empty() %}

/** The retry policies of the definitions below, each written once. */
const RETRY_POLICIES = {
{{ retry_policies -}}
} satisfies Readonly<Record<string, RetryPolicy>>;

/**
 * Every definition of every code, domain by domain, in spec order: code,
 * domain, status, class, message, gRPC code, retry policy, description, then
 * the remedy and the other properties when it has them (see `DefinitionRow`).
 */
const DEFINITION_ROWS: readonly DefinitionRow[] = [
{{- definitions }}
];
{%- endif %}

/** The spec's tables, as `runtime.ts` reads them. */
export const CATALOG: CatalogInfo = {
  api: {{ api_literal }},
  envelope: {
{% for p in envelope %}{{ p }}{% endfor %}  },
  classes: Object.values(CLASSES),
{%- if fields.is_empty() %}
  fields: [],
{%- else %}
  fields: [
{%- for f in fields %}
    {
{% for p in f.props %}{{ p }}{% endfor %}    },
{%- endfor %}
  ],
{%- endif %}
{%- if definitions.is_empty() %}
  definitions: [],
{%- else %}
  definitions: DEFINITION_ROWS.map(definitionOf),
{%- endif %}
{%- if subcodes.is_empty() %}
  subcodes: [],
{%- else %}
  subcodes: [
{%- for s in subcodes %}
    {
{% for p in s.props %}{{ p }}{% endfor %}    },
{%- endfor %}
  ],
{%- endif %}
{% for p in default_retry %}{{ p }}{% endfor %}};

