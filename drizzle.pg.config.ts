import { defineConfig } from "drizzle-kit";

/** The Postgres archive behind Hyperdrive (`npm run db:generate:pg`; applied by `npm run db:migrate:pg`). */
export default defineConfig({
  dialect: "postgresql",
  schema: "./schemas/db/pg/index.ts",
  out: "./migrations/pg",
});
