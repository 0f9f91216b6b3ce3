{%- import "typescript/macros.ts" as m -%}
{% call m::notice(notice) %}{% endcall %}
{{ index_doc }}
{{ catalog_exports }}
export * from "./errors.js";
export * from "./messages.js";
export {
  backoffDelayMs,
  CREDENTIAL_HEADERS,
  GRPC_CODE_NUMBERS,
  GrpcCode,
  grpcCodeForStatus,
  retryDelayMs,
  type BodyInput,
  type Condition,
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
  type SubcodeInfo,
  type TemplateValue,
} from "./runtime.js";

