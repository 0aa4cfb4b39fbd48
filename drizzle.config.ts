import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./schemas/db/index.ts",
  out: "./migrations/d1",
});
