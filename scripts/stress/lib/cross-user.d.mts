// Types for what the vitest matrix imports from cross-user.mjs (tsconfig has no allowJs).
export type Ids = Record<string, string> & { marker: string; user: string };
export type Entry = {
  kind: "foreign" | "mine" | "admin";
  params?: (a: Ids) => Record<string, string>;
  json?: unknown;
  query?: string;
  socket?: boolean;
  control?: boolean | ((a: Ids) => string[]);
};
export type Resource = {
  name: string;
  create(
    as: (method: string, path: string, init?: { json?: unknown }) => Promise<Record<string, unknown>>,
    marker: string,
  ): Promise<Record<string, string>>;
  operations: Record<string, Entry>;
};
export declare const RESOURCES: Resource[];
export declare const SHARED: Record<string, { reason: string; call?: { params?: Record<string, string> } }>;
export declare function operationsOf(spec: { paths?: Record<string, Record<string, unknown>> }): string[];
export declare function coverage(operations: string[]): {
  table: Map<string, { resource: Resource; entry: Entry }>;
  missing: string[];
  stale: string[];
};
export declare function readBounded(res: Response, ms?: number): Promise<string>;
export type MatrixResult = {
  operations: number;
  covered: number;
  calls: number;
  leaks: number;
  failures: string[];
  /** Table entries for operations /openapi.json does not document (skipped). */
  stale: string[];
};
export declare function runCrossUserMatrix(o: {
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  socket: (path: string, token: string) => Promise<{ status: number; body: string }>;
  token: (userId: string, role?: "user" | "admin") => Promise<string>;
  tag: string;
  callsPerB?: number;
}): Promise<MatrixResult>;
