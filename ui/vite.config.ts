import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// A static bundle: relative asset paths so it can be served from any folder.
export default defineConfig({
  base: "./",
  plugins: [react()],
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 2000 },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
