/**
 * From an API problem (RFC 9457) to words the user can read in their language. The server's own
 * `title`, `detail` and `errors[].message` are English and written for developers, so the pages
 * never show them: the problem `type` picks the headline, each `errors[]` entry's `code` (with the
 * field's own limits) picks the message shown beside its field, and anything unknown falls back to
 * a generic message.
 */

const BY_TYPE = {
  network: "problem.network",
  validation: "problem.validation",
  "rule-violation": "problem.ruleViolation",
  unauthorized: "problem.unauthorized",
  forbidden: "problem.forbidden",
  "not-found": "problem.notFound",
  "payload-too-large": "problem.tooLarge",
  "rate-limited": "problem.rateLimited",
  conflict: "problem.conflict",
  upgrade: "problem.upgrade",
  "llm-unavailable": "problem.unavailable",
  misconfigured: "problem.unavailable",
  "structured-output": "problem.unavailable",
  internal: "problem.internal",
};
const BY_STATUS = {
  400: "problem.validation",
  401: "problem.unauthorized",
  403: "problem.forbidden",
  404: "problem.notFound",
  409: "problem.conflict",
  413: "problem.tooLarge",
  422: "problem.ruleViolation",
  429: "problem.rateLimited",
  500: "problem.internal",
  502: "problem.unavailable",
  503: "problem.unavailable",
};

/** `{key, vars}` of a problem's headline. A page-made problem may name its own `titleKey`. */
export function headlineOf(problem = {}) {
  const vars = { status: problem.status ?? "", seconds: problem.retryAfter ?? 60, ...problem.vars };
  if (problem.titleKey) return { key: problem.titleKey, vars };
  const slug = String(problem.type ?? "").replace(/^.*\/problems\//, "");
  return { key: BY_TYPE[slug] ?? BY_STATUS[problem.status] ?? "problem.unexpected", vars };
}

/**
 * `{key, vars}` of the message for one `errors[]` entry, shown beside `control` (an input, select,
 * textarea or fieldset). `maxlength`/`max`/`min` (or `data-max-length`, for fields that let the
 * user type past the limit and show a counter instead) give the numbers the server's limit used.
 */
export function fieldMessageOf(error, control) {
  const numeric = control?.type === "number" || control?.type === "range";
  const empty = typeof control?.value === "string" && control.value.trim() === "";
  const maxLength = Number(control?.dataset?.maxLength) || (control?.maxLength > 0 ? control.maxLength : 0);
  switch (error.code) {
    case "too_big":
      if (numeric)
        return control.max !== "" ? { key: "field.max", vars: { max: control.max } } : { key: "field.tooLarge" };
      return maxLength
        ? { key: "field.maxLength", vars: { max: maxLength.toLocaleString("en-US") } }
        : { key: "field.tooLong" };
    case "too_small":
      if (numeric)
        return control.min !== "" ? { key: "field.min", vars: { min: control.min } } : { key: "field.tooSmall" };
      return empty ? { key: "field.required" } : { key: "field.tooShort" };
    case "invalid_format":
    case "invalid_string":
      return { key: control?.name === "userId" ? "field.userId" : "field.format" };
    case "invalid_type":
      return { key: empty ? "field.required" : "field.type" };
    case "invalid_value":
    case "invalid_enum_value":
      return { key: "field.choice" };
    default:
      return { key: "field.invalid" };
  }
}
