// Schema fuzzing from `/openapi.json` (issue #16): request cases for every documented operation and a
// checker for the answers. Pure (no `node:` imports), so the stress section and the vitest slice inside
// workerd drive the same generator; a seed replays the same inputs.

export const CATEGORIES = [
  "valid",
  "boundary",
  "invalid",
  "huge",
  "deep",
  "unicode",
  "malformed",
  "contentType",
  "pathIds",
  "query",
];

/** mulberry32: small, fast and the same on every runtime. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  return { next, int, pick: (xs) => xs[int(0, xs.length - 1)], chance: (p) => next() < p };
}

const KB100 = 100 * 1024;
const UNICODE = [
  "회고와 성장: 리더십 코칭",
  "👩‍💻🚀🏳️‍🌈👍🏽",
  "e\u0301\u0301\u0301 Z\u0351\u0352\u0353\u0354ALGO",
  "\ud800 lone \udfff surrogates \udbff",
  "\u202eevil\u202c مرحبا שלום",
  "nul\u0000byte\u0000",
  "zero\u200b\u200c\u200dwidth\ufeff",
  "\uffff\ufffe\u{10ffff}",
  "line\r\nbreak\ttab\u2028\u2029",
];
const NAN_LIKE = [
  "NaN",
  "Infinity",
  "-Infinity",
  "-0",
  "1e999",
  "0x10",
  "",
  " ",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
];
const HUGE_NUMBERS = [1e308, -1e308, 2 ** 53 + 1, -(2 ** 63), 5e-324, -1, -0.5, 1.5];
const EXTRA_KEYS = ["__proto__", "constructor", "isAdmin", "role", "userId", "zzz-extra", "prototype"];
// raw JSON tokens spliced into a serialized body: JSON.stringify cannot write them
const RAW = (token) => `__RAW_${token}__`;
const unraw = (text) => text.replace(/"__RAW_((?:[^"\\]|\\.)*?)__"/g, (_, escaped) => JSON.parse(`"${escaped}"`));
const deepArray = (n) => RAW("[".repeat(n) + "]".repeat(n));
const deepObject = (n) => RAW('{"a":'.repeat(n) + "1" + "}".repeat(n));

const METHODS = ["get", "put", "post", "delete", "patch"];

/** Every operation in the document, with what the generator needs to know about it. */
export function operationsOf(doc) {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const responses = Object.keys(op.responses ?? {});
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        params: [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p) => deref(doc, p)),
        body: op.requestBody?.content?.["application/json"]?.schema,
        documented: responses.map(Number).filter(Number.isFinite),
        public: Array.isArray(op.security) && op.security.length === 0,
        admin: responses.includes("403") || path.includes("/admin/"),
        websocket: responses.includes("101"),
        sse: Object.values(op.responses ?? {}).some((res) => res.content?.["text/event-stream"]),
      });
    }
  }
  return ops;
}

function deref(doc, s) {
  for (let hops = 0; s?.$ref && hops < 32; hops++) {
    s = s.$ref
      .slice(2)
      .split("/")
      .reduce((o, k) => o?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  }
  return s ?? {};
}

/** `$ref`s followed and `allOf` merged into one schema. */
function flat(doc, s) {
  s = deref(doc, s);
  if (!s.allOf) return s;
  const parts = s.allOf.map((p) => flat(doc, p));
  const merged = Object.assign({}, ...parts, s);
  delete merged.allOf;
  merged.properties = Object.assign({}, ...parts.map((p) => p.properties ?? {}));
  merged.required = parts.flatMap((p) => p.required ?? []);
  return merged;
}

function typeOf(s) {
  const t = Array.isArray(s.type) ? (s.type.find((x) => x !== "null") ?? "null") : s.type;
  if (t) return t;
  if (s.enum) return typeof s.enum[0];
  if (s.properties) return "object";
  if (s.items) return "array";
  return "any";
}

function regexOf(pattern) {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return new RegExp(pattern);
  }
}

const uuid = (r) => "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, () => "0123456789abcdef"[r.int(0, 15)]);
const WORDS = ["retro notes", "리더십 회고", "hello world", "ship it", "weekly review", "a"];
const CANDIDATES = ["sku-1001", "abc", "2026-12-05", "2026-12-05T09:30:00+09:00", "123", "notes/guide.md", "a", "x_1"];

/** A string of exactly `len` characters that still matches the pattern when padding allows it. */
function fitLength(base, len, re) {
  if (len <= 0) return "";
  if (base.length >= len) {
    const cut = base.slice(0, len);
    return !re || re.test(cut) ? cut : base.slice(base.length - len);
  }
  const fill = base[0] ?? "a";
  const front = fill.repeat(len - base.length) + base;
  if (!re || re.test(front)) return front;
  return base + (base.at(-1) ?? "a").repeat(len - base.length);
}

function sampleString(s, r) {
  const re = s.pattern ? regexOf(s.pattern) : undefined;
  let v;
  switch (s.format) {
    case "uuid":
      v = uuid(r);
      break;
    case "date":
      v = `2026-0${r.int(1, 9)}-1${r.int(0, 9)}`;
      break;
    case "date-time":
      v = new Date(Date.UTC(2026, r.int(0, 11), r.int(1, 28), r.int(0, 23))).toISOString();
      break;
    case "email":
      v = `fuzz${r.int(0, 999)}@example.com`;
      break;
    case "uri":
    case "url":
      v = `https://example.com/${r.int(0, 999)}`;
      break;
    default:
      if (re) {
        const tried = [s.example, ...(s.examples ?? []), ...CANDIDATES].filter((c) => typeof c === "string");
        v = tried.find((c) => re.test(c)) ?? tried[0];
        // a numbered variant (sku-100142) keeps ids and trace ids apart; days and instants stay as they are
        const varied = `${v}${r.int(0, 99999)}`;
        if (!/^\d{4}-\d{2}-\d{2}/.test(v) && re.test(varied) && varied.length <= (s.maxLength ?? Infinity)) v = varied;
      } else v = r.pick(WORDS);
  }
  if (s.minLength !== undefined && v.length < s.minLength) v = fitLength(v, s.minLength, re);
  if (s.maxLength !== undefined && v.length > s.maxLength) v = fitLength(v, s.maxLength, re);
  return v;
}

function sampleNumber(s, r, integer) {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 0);
  const hi = Math.min(s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : lo + 100), lo + 1000);
  const n = r.int(Math.ceil(lo), Math.floor(hi));
  return integer || n >= hi ? n : n + 0.5;
}

// values a schema cannot say: a string `timezone` is checked against the IANA zones
const KNOWN = { timezone: "Asia/Seoul", tz: "Asia/Seoul" };

/**
 * A value valid for the schema (the generator's best reading of it). `full` fills every optional
 * field; `known` gives the value of properties by name (a real item id for `itemId`).
 */
export function sample(doc, schema, r, depth = 0, { full = false, known = KNOWN } = {}) {
  const opts = { full, known };
  const s = flat(doc, schema);
  if (s.const !== undefined) return s.const;
  if (s.enum) return r.pick(s.enum);
  if (s.oneOf || s.anyOf) return sample(doc, r.pick(s.oneOf ?? s.anyOf), r, depth, opts);
  switch (typeOf(s)) {
    case "string":
      return sampleString(s, r);
    case "integer":
      return sampleNumber(s, r, true);
    case "number":
      return sampleNumber(s, r, false);
    case "boolean":
      return r.chance(0.5);
    case "null":
      return null;
    case "array": {
      const min = s.minItems ?? 0;
      const n = r.int(min, Math.min(s.maxItems ?? min + 3, min + 2));
      return Array.from({ length: n }, () => sample(doc, s.items ?? {}, r, depth + 1, opts));
    }
    case "object": {
      const out = {};
      const required = new Set(s.required ?? []);
      for (const [k, p] of Object.entries(s.properties ?? {})) {
        if (!required.has(k) && !(depth < 6 && (full || r.chance(0.6)))) continue;
        out[k] = k in known && typeOf(flat(doc, p)) === "string" ? known[k] : sample(doc, p, r, depth + 1, opts);
      }
      return out;
    }
    default:
      return "x";
  }
}

/** Every node of a sampled value with the schema that describes it: `{ path, schema, value }`. */
function nodesOf(doc, schema, value, path = [], out = []) {
  let s = flat(doc, schema);
  if (s.oneOf || s.anyOf) {
    const branches = (s.oneOf ?? s.anyOf).map((b) => flat(doc, b));
    const keys = value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value) : [];
    s = branches.find((b) => keys.every((k) => k in (b.properties ?? {}))) ?? branches[0];
  }
  out.push({ path, schema: s, value });
  if (Array.isArray(value)) value.forEach((v, i) => nodesOf(doc, s.items ?? {}, v, [...path, i], out));
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) nodesOf(doc, s.properties?.[k] ?? {}, v, [...path, k], out);
  return out;
}

function setAt(root, path, value) {
  if (path.length === 0) return value;
  const copy = structuredClone(root);
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  Object.defineProperty(o, path.at(-1), { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function deleteAt(root, path) {
  const copy = structuredClone(root);
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  delete o[path.at(-1)];
  return copy;
}

/** Values at and around the schema's limits (some just outside them). */
function boundaryValues(s) {
  const t = typeOf(s);
  const re = s.pattern ? regexOf(s.pattern) : undefined;
  const base = t === "string" ? sampleString(s, rng(1)) : "";
  if (t === "string") {
    const lens = [0, 1, s.minLength, s.maxLength, s.minLength - 1, s.maxLength + 1];
    return [...new Set(lens.filter((n) => Number.isInteger(n) && n >= 0))].map((n) => fitLength(base, n, re));
  }
  if (t === "integer" || t === "number") {
    const xs = [0, s.minimum, s.maximum, s.minimum - 1, s.maximum + 1, s.exclusiveMinimum, s.exclusiveMaximum];
    if (t === "integer" && s.minimum !== undefined) xs.push(s.minimum + 0.5);
    return [...new Set(xs.filter(Number.isFinite))];
  }
  if (t === "array") return ["empty", "max", "over"];
  if (t === "object") return [{}];
  return [];
}

// ---- inputs other than the body ---------------------------------------------------------------

const HOSTILE_IDS = [
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "%2e%2e",
  "%00",
  "a%00b",
  "x".repeat(10 * 1024),
  "'%20OR%20'1'%3D'1",
  "1%3BDROP%20TABLE%20users--",
  "*",
  "%2A%3F%5B",
  "%5Ba-z%5D*",
  "%25",
  "%ZZ",
  "%",
  "%E2%82",
  "%ED%A0%80",
  "%C0%AE%C0%AE",
  encodeURIComponent("회고"),
  encodeURIComponent("👩‍💻"),
  encodeURIComponent("\u202eevil"),
  "-1",
  "0",
  "99999999999999999999999",
  "1e3",
  "null",
  "undefined",
  "NaN",
  "%5B%5D",
  "%7B%7D",
  "..;",
  "a%2Fb",
  "%5C",
  "%20",
  "00000000-0000-0000-0000-000000000000",
  "6F9619FF-8B86-D011-B42D-00C04FC964FF",
];

const HOSTILE_QUERY = [
  "limit=1&limit=100&limit=-1",
  "limit=1000000000",
  "limit=-1",
  "limit=0",
  "limit=",
  "limit=abc",
  "limit=1.5",
  "limit=0x10",
  "limit=1e2",
  "limit=%ZZ",
  "cursor=garbage",
  "cursor=eyJ4IjoxfQ",
  "cursor=%27%3B%20DROP%20TABLE%20x--",
  `cursor=${"A".repeat(10 * 1024)}`,
  "cursor=%00",
  "cursor=-1",
  "cursor=999999999999999999999",
  "__proto__%5Bx%5D=1&constructor=x",
  "a%5B%5D=1&a%5B%5D=2",
  "&&&=&=&",
  "a=1&".repeat(2000),
  "%ZZ=1",
  "since=-1&since=abc",
  "period=year",
  "unread=maybe",
  "from=2026-13-45&to=1999-01-01",
  "offset=-5",
  "seconds=0",
  `category=${encodeURIComponent("💥")}`,
];

const GARBAGE_AUTH = [
  "Bearer garbage",
  "Bearer a.b.c",
  "Bearer ",
  "Basic dXNlcjpwYXNz",
  "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJhZG1pbiJ9.",
  `Bearer ${"x".repeat(4096)}`,
  "bearer",
  "Bearer ~!@#$%^&*()<>",
];

const IDEMPOTENCY_KEYS = ["k".repeat(4096), "", " ", "%FF%FE", "a,b", "../../x"];

function paramValue(doc, p, r) {
  if (p.in === "query" && p.name === "token") return { token: true };
  return sample(doc, p.schema ?? { type: "string" }, r);
}

// ---- case generation -------------------------------------------------------------------------

const canHaveBody = (method) => method !== "GET" && method !== "HEAD";

/**
 * Request cases for every operation of the document: `perCategory` of each category that applies
 * (a number, or a map by category), plus an unauthenticated or garbage-token copy of a sample
 * (`authSample`, a fraction; every operation gets at least one of each). `known` gives values by
 * property name that the schema cannot describe (`{ itemId: "<a real item>" }`).
 */
export function generateCases(doc, { seed = 1, perCategory = 1, authSample = 0.1, known = {} } = {}) {
  const r = rng(seed);
  known = { ...KNOWN, ...known };
  const cases = [];
  for (const op of operationsOf(doc)) {
    const first = cases.length;
    for (const category of CATEGORIES) {
      const n = typeof perCategory === "number" ? perCategory : (perCategory[category] ?? 0);
      for (let i = 0; i < n; i++) {
        const kase = makeCase(doc, op, category, r, i, known);
        if (kase) cases.push(kase);
      }
    }
    const own = cases.slice(first);
    own.forEach((kase, i) => {
      const auth = i === 0 ? "none" : i === 1 ? "garbage" : r.chance(authSample) ? r.pick(["none", "garbage"]) : null;
      if (!auth || kase.auth === "none") return;
      cases.push({ ...kase, auth, authHeader: auth === "garbage" ? r.pick(GARBAGE_AUTH) : undefined });
    });
  }
  for (let i = cases.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [cases[i], cases[j]] = [cases[j], cases[i]];
  }
  // valid deletes go last, so the resources other cases reach stay in place until then
  const deletes = (c) => c.method === "DELETE" && c.category === "valid";
  return [...cases.filter((c) => !deletes(c)), ...cases.filter(deletes)];
}

function baseCase(doc, op, category, r, opts) {
  const pathParams = {};
  const query = [];
  for (const p of op.params) {
    if (p.in === "path") {
      const fallback = encodeURIComponent(String(paramValue(doc, p, r)));
      pathParams[p.name] = { resource: resourceKey(op.path, p.name), fallback };
    } else if (p.in === "query" && p.name !== "cursor" && (p.required || opts.full || r.chance(0.5)))
      query.push([p.name, paramValue(doc, p, r)]);
  }
  const kase = {
    op: op.key,
    method: op.method,
    template: op.path,
    category,
    variant: "schema",
    documented: op.documented,
    websocket: op.websocket,
    auth: op.public ? "none" : op.admin ? "admin" : "user",
    pathParams,
    query,
    rawQuery: "",
    headers: {},
    body: undefined,
  };
  if (op.body) setJson(kase, sample(doc, op.body, r, 0, opts));
  return kase;
}

function setJson(kase, value, contentType = "application/json") {
  kase.body = unraw(JSON.stringify(value) ?? "null");
  kase.headers = { ...kase.headers, "Content-Type": contentType };
}

/** The path segment in front of a path parameter names the resource it points at (`resumes`). */
export function resourceKey(template, name) {
  const segments = template.split("/");
  const at = segments.indexOf(`{${name}}`);
  return at > 0 ? segments[at - 1] : name;
}

function makeCase(doc, op, category, r, i, known) {
  // the first valid case of an operation fills every optional field, so it reaches the most code
  const kase = baseCase(doc, op, category, r, { full: category === "valid" && i === 0, known });
  const bodyOk = canHaveBody(op.method);
  const queryParams = op.params.filter((p) => p.in === "query");
  const pathParams = op.params.filter((p) => p.in === "path");
  const variant = (name) => ((kase.variant = name), kase);
  switch (category) {
    case "valid":
      // a shared key makes later cases replays, some of them with a different body
      if (op.method === "POST" && r.chance(0.3))
        kase.headers["Idempotency-Key"] = r.chance(0.5) ? `fuzz-replay-${op.path}` : `fuzz-${uuid(r)}`;
      if (op.sse && r.chance(0.5)) kase.headers.Accept = "text/event-stream";
      if (op.websocket && r.chance(0.5)) {
        Object.assign(kase.headers, { Upgrade: "websocket", "Sec-WebSocket-Version": "13" });
        kase.headers["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ==";
        return variant("websocket handshake");
      }
      return kase;
    case "boundary": {
      const targets = [];
      if (op.body) {
        const value = JSON.parse(kase.body);
        for (const node of nodesOf(doc, op.body, value))
          for (const b of boundaryValues(node.schema)) targets.push({ node, b, value });
      }
      for (const p of [...queryParams, ...pathParams])
        for (const b of boundaryValues(flat(doc, p.schema ?? {}))) targets.push({ param: p, b });
      if (targets.length === 0) return null;
      const t = targets[(i * 7 + r.int(0, targets.length - 1)) % targets.length];
      if (t.param) {
        setParam(kase, t.param, String(t.b));
        return variant(`${t.param.name}=${String(t.b).slice(0, 20)}`);
      }
      let v = t.b;
      if (t.b === "empty" || t.b === "max" || t.b === "over") {
        const s = t.node.schema;
        const n = t.b === "empty" ? 0 : t.b === "max" ? (s.maxItems ?? 100) : (s.maxItems ?? 100) + 1;
        v = Array.from({ length: n }, () => sample(doc, s.items ?? {}, r, 1, { known }));
      }
      setJson(kase, setAt(t.value, t.node.path, v));
      return variant(`${t.node.path.join(".") || "body"}=${JSON.stringify(t.b).slice(0, 20)}`);
    }
    case "invalid": {
      if (op.body && r.chance(0.8)) {
        const value = JSON.parse(kase.body);
        const nodes = nodesOf(doc, op.body, value);
        const node = r.pick(nodes);
        const objects = nodes.filter((n) => n.value && typeof n.value === "object" && !Array.isArray(n.value));
        const how = r.pick(["type", "null", "nanlike", "number", "missing", "extra", "root"]);
        if (how === "missing") {
          const o = r.pick(objects.filter((n) => (n.schema.required ?? []).length > 0)) ?? objects[0];
          const req = o?.schema.required ?? [];
          if (req.length) setJson(kase, deleteAt(value, [...o.path, r.pick(req)]));
          else setJson(kase, {});
        } else if (how === "extra") {
          const o = r.pick(objects) ?? { path: [] };
          const key = r.pick(EXTRA_KEYS);
          setJson(kase, setAt(value, [...o.path, key], key === "role" ? "admin" : { isAdmin: true }));
        } else if (how === "root") setJson(kase, r.pick([[], "string", 42, null, true, [value]]));
        else {
          const wrong =
            how === "null"
              ? null
              : how === "nanlike"
                ? r.pick(NAN_LIKE)
                : how === "number"
                  ? r.pick(HUGE_NUMBERS)
                  : typeof node.value === "string"
                    ? r.pick([42, true, ["x"], { a: 1 }])
                    : typeof node.value === "number"
                      ? r.pick([String(node.value), true, [node.value]])
                      : r.pick(["x", 1, false]);
          setJson(kase, setAt(value, node.path, wrong));
        }
        return variant(`body ${how} at ${node.path.join(".") || "root"}`);
      }
      if (queryParams.length && r.chance(0.6)) {
        const p = r.pick(queryParams);
        setParam(kase, p, String(r.pick([...NAN_LIKE, ...HUGE_NUMBERS, "yes", "x"])));
        return variant(`query ${p.name}`);
      }
      if (op.websocket && r.chance(0.7)) {
        kase.headers.Upgrade = "websocket";
        if (r.chance(0.5)) kase.headers["Sec-WebSocket-Version"] = r.pick(["99", "", "abc"]);
        return variant("websocket upgrade with bad handshake");
      }
      if (bodyOk) {
        setJson(kase, r.pick([{ unexpected: true }, [], "x", null]));
        return variant("unexpected body");
      }
      kase.rawQuery = "unknown=1&__proto__=x";
      return variant("unknown query parameters");
    }
    case "huge": {
      const big = r.chance(0.5) ? "x".repeat(KB100) : "가".repeat(KB100 / 3);
      if (op.body && r.chance(0.8)) {
        const value = JSON.parse(kase.body);
        const strings = nodesOf(doc, op.body, value).filter((n) => typeof n.value === "string");
        if (strings.length && r.chance(0.7)) {
          const n = r.pick(strings);
          setJson(kase, setAt(value, n.path, big));
          return variant(`100 KB string at ${n.path.join(".")}`);
        }
        setJson(kase, setAt(value, ["x".repeat(r.chance(0.5) ? KB100 : 10)], big));
        return variant("100 KB extra field");
      }
      if (bodyOk && r.chance(0.3)) {
        kase.headers["Idempotency-Key"] = r.pick(IDEMPOTENCY_KEYS);
        setJson(kase, { big });
        return variant("100 KB body with a huge idempotency key");
      }
      const p = queryParams.length ? r.pick(queryParams).name : "q";
      kase.rawQuery = `${p}=${"x".repeat(r.pick([8 * 1024, 32 * 1024]))}`;
      return variant(`huge query ${p}`);
    }
    case "deep": {
      const depth = r.pick([5000, 5000, 50000]);
      const deep = r.chance(0.5) ? deepArray(depth) : deepObject(depth);
      if (bodyOk) {
        if (op.body && r.chance(0.5)) {
          const value = JSON.parse(kase.body);
          const n = r.pick(nodesOf(doc, op.body, value).filter((x) => x.path.length > 0)) ?? { path: ["deep"] };
          setJson(kase, setAt(value, n.path, deep));
          return variant(`${depth}-deep value at ${n.path.join(".")}`);
        }
        setJson(kase, deep);
        return variant(`${depth}-deep body`);
      }
      kase.rawQuery = `a${"%5Ba%5D".repeat(1000)}=1`;
      return variant("1000-deep query key");
    }
    case "unicode": {
      const text = r.pick(UNICODE);
      if (op.body && r.chance(0.7)) {
        const value = JSON.parse(kase.body);
        const strings = nodesOf(doc, op.body, value).filter((n) => typeof n.value === "string");
        let out = value;
        for (const n of strings) if (r.chance(0.7)) out = setAt(out, n.path, text);
        if (out === value) out = setAt(value, ["유니코드"], text);
        setJson(kase, out);
        return variant(`unicode body ${JSON.stringify(text).slice(0, 12)}`);
      }
      const all = [...queryParams, ...pathParams];
      if (all.length) {
        const p = r.pick(all);
        setParam(kase, p, escapeText(text), true);
        return variant(`unicode ${p.name}`);
      }
      kase.rawQuery = `q=${escapeText(text)}`;
      return variant("unicode query");
    }
    case "malformed": {
      if (!bodyOk) return null;
      const valid = kase.body ?? '{"a":1}';
      const forms = {
        truncated: valid.slice(0, Math.max(1, valid.length >> 1)),
        trailingComma: valid.replace(/}$/, ",}"),
        bom: "\ufeff" + valid,
        duplicateKeys:
          valid.startsWith("{") && valid.length > 2 ? `${valid.slice(0, -1)},${valid.slice(1)}` : '{"a":1,"a":2}',
        singleQuotes: valid.replace(/"/g, "'"),
        nanLiteral: '{"x": NaN, "y": Infinity}',
        comment: "/* c */" + valid,
        empty: "",
        whitespace: " \n\t ",
        nullBody: "null",
        lone: r.pick(["{", "}", "[", "{{}}", '"', "\\"]),
        invalidUtf8: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
        hugeNumber: '{"n": 1e999999}',
        escapes: '{"a":"\\ud800\\u0000\\uZZZZ"}',
      };
      const name = r.pick(Object.keys(forms));
      kase.body = forms[name];
      kase.headers["Content-Type"] = "application/json";
      return variant(name);
    }
    case "contentType": {
      if (!bodyOk) return null;
      const json = kase.body ?? "{}";
      const forms = [
        ["text/plain", json],
        ["application/x-www-form-urlencoded", "a=1&b=%ZZ"],
        [
          "multipart/form-data; boundary=XyZ",
          '--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ--\r\n',
        ],
        [null, json],
        ["application/json; charset=utf-16", json],
        ["application/xml", "<a>1</a>"],
        ["application/json, text/plain", json],
        ["x/y/z;;=;", json],
        ["application/json", json, { "Content-Encoding": "gzip" }],
        ["application/octet-stream", new Uint8Array([0, 1, 2, 255])],
      ];
      const [type, body, extra] = r.pick(forms);
      kase.body = body;
      kase.headers = { ...extra };
      if (type) kase.headers["Content-Type"] = type;
      return variant(`${type ?? "no content type"}${extra ? " + gzip claim" : ""}`);
    }
    case "pathIds": {
      if (!pathParams.length) return null;
      const p = pathParams[(i + r.int(0, pathParams.length - 1)) % pathParams.length];
      const id = HOSTILE_IDS[(i * 5 + r.int(0, HOSTILE_IDS.length - 1)) % HOSTILE_IDS.length];
      kase.pathParams[p.name] = id;
      return variant(`${p.name}=${id.slice(0, 24)}`);
    }
    case "query": {
      kase.rawQuery = HOSTILE_QUERY[(i * 3 + r.int(0, HOSTILE_QUERY.length - 1)) % HOSTILE_QUERY.length];
      if (bodyOk && r.chance(0.3)) kase.headers["Idempotency-Key"] = r.pick(IDEMPOTENCY_KEYS);
      return variant(kase.rawQuery.slice(0, 30));
    }
  }
  return null;
}

/** Percent-encodes text, lone surrogates included (as the UTF-8 bytes they would have had). */
function escapeText(text) {
  return Array.from(text, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      const c = ch.charCodeAt(0);
      return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
        .map((b) => "%" + b.toString(16).toUpperCase())
        .join("");
    }
  }).join("");
}

function setParam(kase, p, value, encoded = false) {
  if (p.in === "path") kase.pathParams[p.name] = encoded ? value : encodeURIComponent(value);
  else {
    kase.query = kase.query.filter(([k]) => k !== p.name);
    if (encoded) kase.rawQuery = `${p.name}=${value}`;
    else kase.query.push([p.name, value]);
  }
}

// ---- sending and checking ---------------------------------------------------------------------

/**
 * The concrete request of a case for one caller: `actor.token` / `actor.adminToken` authenticate it
 * and `actor.resource(key)` names a real resource (`resumes`, `sessions`…) for valid path ids.
 */
export function buildRequest(kase, actor) {
  const path = kase.template.replace(/\{([^}]+)\}/g, (_, name) => {
    const v = kase.pathParams[name];
    if (typeof v === "string") return v;
    const real = actor.resource?.(v.resource);
    return real !== undefined ? encodeURIComponent(real) : v.fallback;
  });
  const token = kase.auth === "admin" ? actor.adminToken : kase.auth === "user" ? actor.token : undefined;
  const query = kase.query
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v?.token ? (actor.token ?? "") : String(v))}`)
    .concat(kase.rawQuery ? [kase.rawQuery] : [])
    .join("&");
  const headers = { ...kase.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (kase.auth === "garbage") headers.Authorization = kase.authHeader ?? "Bearer garbage";
  return { method: kase.method, path: query ? `${path}?${query}` : path, headers, body: kase.body };
}

/**
 * Why an answer is a failure, or null when it is fine: a 5xx the operation does not document, or a
 * 4xx that is not problem+json `{type, title, status}` with `status` equal to the HTTP status.
 */
export function checkResponse(kase, { status, contentType, body }) {
  if (isRuntimeAnswer(kase, { status, contentType, body })) return null;
  if (status >= 500) return kase.documented.includes(status) ? null : `server error ${status}`;
  if (status < 400) return null;
  if (!/^application\/problem\+json/i.test(contentType ?? ""))
    return `${status} is ${contentType ?? "untyped"}, not problem+json`;
  let problem;
  try {
    problem = JSON.parse(body);
  } catch {
    return `${status} problem+json body is not JSON`;
  }
  if (typeof problem?.type !== "string" || typeof problem.title !== "string")
    return `${status} problem lacks type/title`;
  if (problem.status !== status) return `problem status ${problem.status} differs from HTTP ${status}`;
  return null;
}

/**
 * Answers the runtime gives before or instead of the Worker's (README, "API notes"): `wrangler dev`'s
 * proxy completes a WebSocket handshake itself and refuses a client whose `Sec-WebSocket-Version` is
 * not 13 with a bare `400 text/plain`, whatever the Worker answered; the vitest slice, which calls the
 * Worker directly, sees the Worker's own problem+json for the same request.
 */
export function isRuntimeAnswer(kase, { status, contentType, body }) {
  return (
    status === 400 &&
    /^text\/plain/i.test(contentType ?? "") &&
    String(body).startsWith("ERROR: The requested WebSocket version is not supported") &&
    kase.headers.Upgrade !== undefined &&
    kase.headers["Sec-WebSocket-Version"] !== "13"
  );
}

/** One line per failure: method, path, category, status and a short excerpt of the body. */
export function describeFailure(kase, request, status, reason, body) {
  const path = request.path.length > 120 ? `${request.path.slice(0, 120)}…(${request.path.length})` : request.path;
  const excerpt = String(body ?? "")
    .slice(0, 160)
    .replace(/\s+/g, " ");
  return `${kase.method} ${path} [${kase.category}/${kase.variant}, auth ${kase.auth}] → ${status}: ${reason} | ${excerpt}`;
}

/** Runs `work` over `items` with at most `limit` in flight; the results keep the items' order. */
export async function runPool(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

/** `{ key: count }` of a list. */
export function countBy(items, keyOf) {
  const out = {};
  for (const item of items) out[keyOf(item)] = (out[keyOf(item)] ?? 0) + 1;
  return out;
}

/**
 * Real resources for one user, so valid cases with path ids reach past the 404: `call(method, path,
 * body)` sends an authenticated JSON request as that user and returns the parsed answer (throwing on
 * a non-2xx one). Keys are the path segment in front of the id (see `resourceKey`).
 */
export async function createResources(call, itemId) {
  const retro = await call("POST", "/v1/retrospects", { purpose: "fuzz", content: "a retrospect fuzz cases reach" });
  const resume = await call("POST", "/v1/resumes", { title: "fuzz", content: "ten years at the edge", skills: ["ts"] });
  const job = await call("POST", `/v1/resumes/${resume.id}/interview-questions`, { count: 3 });
  const session = await call("POST", "/v1/coach/sessions", {});
  const answer = await call("POST", `/v1/coach/sessions/${session.id}/messages`, {
    content: "how do I give feedback?",
  });
  await call("POST", "/v1/stream/test", { title: "fuzz" });
  const notes = await call("GET", "/v1/notifications?limit=1");
  return {
    retrospects: retro.id,
    resumes: resume.id,
    jobs: job.jobId,
    sessions: session.id,
    messages: answer.messageId,
    notifications: notes.items[0]?.id,
    items: itemId,
  };
}

/** The item every valid `/v1/items/{id}` case reads: `PUT` it as an admin first. */
export const FUZZ_ITEM = {
  id: "fuzz-item-1",
  body: { title: "Fuzz item", category: "books", description: "", price: 12.5, stock: 10 },
};
