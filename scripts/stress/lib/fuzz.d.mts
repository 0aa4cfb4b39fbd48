// Types for what the vitest fuzz slice imports from fuzz.mjs (tsconfig has no allowJs).
export type Category =
  "valid" | "boundary" | "invalid" | "huge" | "deep" | "unicode" | "malformed" | "contentType" | "pathIds" | "query";
export declare const CATEGORIES: readonly Category[];
export type Auth = "user" | "admin" | "none" | "garbage";
export type Case = {
  /** `GET /v1/items/{id}`: the operation as the document names it. */
  op: string;
  method: string;
  template: string;
  category: Category;
  variant: string;
  documented: number[];
  websocket: boolean;
  auth: Auth;
  authHeader?: string;
  pathParams: Record<string, string | { resource: string; fallback: string }>;
  query: [string, unknown][];
  rawQuery: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
};
export type Operation = {
  key: string;
  method: string;
  path: string;
  documented: number[];
  public: boolean;
  admin: boolean;
  websocket: boolean;
  /** Some answer of the operation is a `text/event-stream`. */
  sse: boolean;
};
export type Actor = { token?: string; adminToken?: string; resource?: (key: string) => string | undefined };
export type BuiltRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
};
export type Answer = { status: number; contentType: string | null | undefined; body: string };
export type Rng = {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
};
export declare function rng(seed: number): Rng;
export declare function operationsOf(doc: unknown): Operation[];
export declare function sample(
  doc: unknown,
  schema: unknown,
  r: Rng,
  depth?: number,
  opts?: { full?: boolean; known?: Record<string, unknown> },
): unknown;
export declare function generateCases(
  doc: unknown,
  opts?: {
    seed?: number;
    perCategory?: number | Partial<Record<Category, number>>;
    authSample?: number;
    known?: Record<string, unknown>;
  },
): Case[];
export declare function resourceKey(template: string, name: string): string;
export declare function buildRequest(kase: Case, actor: Actor): BuiltRequest;
export declare function checkResponse(kase: Case, answer: Answer): string | null;
export declare function isRuntimeAnswer(kase: Case, answer: Answer): boolean;
export declare function describeFailure(
  kase: Case,
  request: BuiltRequest,
  status: number | string,
  reason: string,
  body: string | undefined,
): string;
export declare function runPool<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]>;
export declare function countBy<T>(items: T[], keyOf: (item: T) => string): Record<string, number>;
export type Resources = Record<
  "retrospects" | "resumes" | "jobs" | "sessions" | "messages" | "notifications" | "items",
  string
>;
export declare function createResources(
  call: (method: string, path: string, body: unknown) => Promise<any>,
  itemId: string,
): Promise<Resources>;
export declare const FUZZ_ITEM: {
  id: string;
  body: { title: string; category: string; description: string; price: number; stock: number };
};
