// One test run for the whole project: unit, API, golden transcripts, flow tests and browser tests.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{shared,server,web,tests,scripts,bench}/**/*.test.{ts,tsx}"],
    environment: "node",
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // A browser test polls the page for what a marketer would see next. Under CI's load a re-render
    // can take longer than the 1 s default; a poll that never succeeds still fails, later.
    expect: { poll: { timeout: 8_000 } },
  },
});
