/** The browser UI: built into web/dist and served by the ChannelWatch server at `/`. */
import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
// `npm run dev:web` talks to a running `channelwatch demo`/`serve` (default port 8080).
const backend = process.env.CHANNELWATCH_SERVER ?? "http://127.0.0.1:8080";

export default defineConfig({
  root,
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: { proxy: { "/api": { target: backend, ws: true } } },
});
