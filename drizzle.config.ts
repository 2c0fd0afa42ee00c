import { defineConfig } from "drizzle-kit";

// drizzle-kit is used only to generate SQL; the app applies migrations itself (src/db/migrate.ts).
export default defineConfig({
  dialect: "sqlite",
  schema: "./src/db/schema.ts",
  out: "./src/db/migrations",
  casing: "snake_case",
});
