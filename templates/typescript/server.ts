{%- import "typescript/macros.ts" as m -%}
{% call m::notice(notice) %}{% endcall %}
/**
 * Error responses built from the error catalog (the package's `./server`
 * export): one function per listed error, each returning the status, the
 * headers and the body bytes in the API's own envelope, which every
 * generated client reads back as that error.
 *
 * @module
 */

import {{ serve_imports }} from "./serve.js";

export type { ErrorResponse } from "./serve.js";

{{ build_options }}

{{ custom }}
{%- for b in builders %}

{{ b }}
{%- endfor %}

/** A builder, whatever its options. */
type Builder = (options: never) => ErrorResponse;

const builders: [string, Builder][] = [
{{ table }},
];

/** Each builder by `"<code> <status>"` (integer codes in decimal). */
export const BUILDERS: ReadonlyMap<string, Builder> = new Map(builders);

/** Each context field's option key, by the field's wire name. */
export const OPTION_KEYS: ReadonlyMap<string, string> = {{ option_keys }};

