{%- import "typescript/macros.ts" as m -%}
{% call m::notice(notice) %}{% endcall %}
{{ index_doc }}
{{ catalog_exports }}
export * from "./errors.js";
export * from "./messages.js";
export {
  backoffDelayMs,
  CREDENTIAL_HEADERS,
  DOCUMENT_VERSION,
  DocumentError,
  GRPC_CODE_NUMBERS,
  GrpcCode,
  grpcCodeForStatus,
  isConnectionError,
  retryDelayMs,
  type Attempt,
  type AxiosErrorLike,
  type AxiosResponseLike,
  type BodyInput,
  type ClientResponse,
  type Condition,
  type ContextFieldInfo,
  type Definition,
  type Deprecation,
  type ErrorClassInfo,
  type ErrorDocument,
  type FieldType,
  type HeaderInput,
  type KyHTTPErrorLike,
  type LongerWait,
  type ParseOptions,
  type RateLimit,
  type ResponseLike,
  type RetryFacts,
  type RetryMode,
  type RetryOptions,
  type RetryPolicy,
  type SubcodeInfo,
  type TemplateValue,
} from "./runtime.js";

