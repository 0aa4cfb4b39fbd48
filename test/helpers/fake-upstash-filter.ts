/**
 * Upstash Vector's metadata filter syntax (upstash.com/docs/vector/features/filtering), parsed and
 * evaluated for the fake server: `=`, `!=`, `<`, `<=`, `>`, `>=` (ordering on numbers only), `IN`,
 * `NOT IN`, `GLOB`, `NOT GLOB`, `HAS FIELD`, `HAS NOT FIELD`, `AND`, `OR` (AND binds tighter) and
 * parentheses; literals are single- or double-quoted strings with backslash escapes, numbers, and
 * `true`/`false`; keywords are case-insensitive; dotted identifiers reach into nested objects. A
 * comparison on a field that is absent is false. Anything else is a syntax error.
 */

type Scalar = string | number | boolean;
type Token = { kind: "word" | "string" | "number" | "op" | "punct"; text: string; value?: Scalar };
export type Predicate = (metadata: Record<string, unknown>) => boolean;

export class FilterSyntaxError extends Error {}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "'" || c === '"') {
      let text = "";
      i++;
      while (i < input.length && input[i] !== c) {
        if (input[i] === "\\") i++;
        if (i >= input.length) break;
        text += input[i++];
      }
      if (input[i] !== c) throw new FilterSyntaxError(`unterminated string starting near position ${i}`);
      i++;
      tokens.push({ kind: "string", text, value: text });
    } else if (/[-\d]/.test(c)) {
      const m = input.slice(i).match(/^-?\d+(\.\d+)?/);
      if (!m) throw new FilterSyntaxError(`unexpected '${c}' at position ${i}`);
      tokens.push({ kind: "number", text: m[0], value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = input.slice(i).match(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/)!;
      tokens.push({ kind: "word", text: m[0] });
      i += m[0].length;
    } else if (/[<>!=]/.test(c)) {
      const m = input.slice(i).match(/^(<=|>=|!=|=|<|>)/);
      if (!m) throw new FilterSyntaxError(`unexpected '${c}' at position ${i}`);
      tokens.push({ kind: "op", text: m[0] });
      i += m[0].length;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: "punct", text: c });
      i++;
    } else throw new FilterSyntaxError(`unexpected '${c}' at position ${i}`);
  }
  return tokens;
}

const valueAt = (metadata: Record<string, unknown>, path: string) =>
  path
    .split(".")
    .reduce<unknown>(
      (at, key) => (at && typeof at === "object" ? (at as Record<string, unknown>)[key] : undefined),
      metadata,
    );

const globRegex = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );

export function parseFilter(input: string): Predicate {
  const tokens = tokenize(input);
  let at = 0;
  const peek = () => tokens[at];
  const keyword = (word: string) => peek()?.kind === "word" && peek()!.text.toUpperCase() === word;
  const expect = (text: string) => {
    if (peek()?.text.toUpperCase() !== text) throw new FilterSyntaxError(`expected ${text} near token ${at + 1}`);
    at++;
  };
  const literal = (): Scalar => {
    const t = tokens[at++];
    if (t?.kind === "string" || t?.kind === "number") return t.value!;
    if (t?.kind === "word" && /^(true|false)$/i.test(t.text)) return t.text.toLowerCase() === "true";
    throw new FilterSyntaxError(`expected a literal near token ${at}`);
  };
  const list = (): Scalar[] => {
    expect("(");
    const values = [literal()];
    while (peek()?.text === ",") {
      at++;
      values.push(literal());
    }
    expect(")");
    return values;
  };

  function comparison(): Predicate {
    if (peek()?.text === "(") {
      at++;
      const inner = or();
      expect(")");
      return inner;
    }
    if (keyword("HAS")) {
      at++;
      const negate = keyword("NOT") ? (at++, true) : false;
      expect("FIELD");
      const field = tokens[at++]?.text ?? "";
      return (m) => (valueAt(m, field) !== undefined) !== negate;
    }
    const field = tokens[at++];
    if (field?.kind !== "word") throw new FilterSyntaxError(`expected a field name near token ${at}`);
    const present = (m: Record<string, unknown>) => valueAt(m, field.text);
    const op = peek();
    if (op?.kind === "op") {
      at++;
      const value = literal();
      const ordered = op.text !== "=" && op.text !== "!=";
      if (ordered && typeof value !== "number") throw new FilterSyntaxError(`${op.text} needs a number`);
      return (m) => {
        const v = present(m);
        if (v === undefined) return false;
        if (op.text === "=") return v === value;
        if (op.text === "!=") return v !== value;
        if (typeof v !== "number") return false;
        const n = value as number;
        return op.text === "<" ? v < n : op.text === "<=" ? v <= n : op.text === ">" ? v > n : v >= n;
      };
    }
    const negate = keyword("NOT") ? (at++, true) : false;
    if (keyword("IN")) {
      at++;
      const values = list();
      return (m) => present(m) !== undefined && values.includes(present(m) as Scalar) !== negate;
    }
    if (keyword("GLOB")) {
      at++;
      const pattern = literal();
      if (typeof pattern !== "string") throw new FilterSyntaxError("GLOB needs a string");
      return (m) => typeof present(m) === "string" && globRegex(pattern).test(present(m) as string) !== negate;
    }
    throw new FilterSyntaxError(`expected an operator after ${field.text}`);
  }
  function and(): Predicate {
    const parts = [comparison()];
    while (keyword("AND")) {
      at++;
      parts.push(comparison());
    }
    return (m) => parts.every((p) => p(m));
  }
  function or(): Predicate {
    const parts = [and()];
    while (keyword("OR")) {
      at++;
      parts.push(and());
    }
    return (m) => parts.some((p) => p(m));
  }

  const predicate = or();
  if (at !== tokens.length) throw new FilterSyntaxError(`unexpected '${tokens[at]!.text}' near token ${at + 1}`);
  return predicate;
}
