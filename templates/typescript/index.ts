{%- import "typescript/macros.ts" as m -%}
{% call m::notice(notice) %}{% endcall %}
{{ index_doc }}
export { CLASSES, Code, type ErrorClassId } from "./catalog.js";
export * from "./errors.js";
export {
  backoffDelayMs,
  CREDENTIAL_HEADERS,
  retryDelayMs,
  type BodyInput,
  type ContextFieldInfo,
  type Definition,
  type Deprecation,
  type ErrorClassInfo,
  type FieldType,
  type HeaderInput,
  type ParseOptions,
  type RetryFacts,
  type RetryMode,
  type RetryOptions,
  type RetryPolicy,
} from "./runtime.js";

