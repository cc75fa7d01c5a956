import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    // Vitest reads the cases shared with the Rust tests from the repository's contract/fixtures.
    fs: { allow: [".", "../contract/fixtures"] },
  },
  build: { target: "es2022", sourcemap: false },
  // Vitest runs components in jsdom; Svelte must resolve its browser build there.
  resolve: mode === "test" ? { conditions: ["browser"] } : undefined,
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test-setup.ts"],
    include: ["src/**/*.test.ts"],
  },
}));
