"use strict";

/**
 * Stands in for `undici` in the Worker (an alias in wrangler.toml and vitest.config.mts). CommonJS,
 * because `@elastic/transport` requires it. The transport loads undici for its default connection,
 * and loading undici inside workerd fails: it compiles WebAssembly at start-up (refused there) and
 * reads `node:console`. The Elasticsearch adapters give the client `FetchConnection` instead, so
 * nothing here is ever constructed.
 */
function unavailable() {
  throw new Error("undici does not run in Workers: give the Elasticsearch client FetchConnection");
}

class Pool {
  constructor() {
    unavailable();
  }
}

module.exports = { Pool, buildConnector: unavailable };
