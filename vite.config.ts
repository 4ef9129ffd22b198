// Builds the editor (web/) into dist/web, which the Hono server serves at /.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env.HUASHU_DEV_API ?? "http://127.0.0.1:3000";

export default defineConfig({
  root: "web",
  plugins: [react()],
  build: { outDir: "../dist/web", emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { "/api": api, "/wechat": api, "/healthz": api } },
});
