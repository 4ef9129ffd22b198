import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { webBuildStaleReason } from "./build-web-if-stale";

let root: string;
const OLD = new Date("2026-01-01T00:00:00Z");
const BUILT = new Date("2026-01-02T00:00:00Z");
const NEW = new Date("2026-01-03T00:00:00Z");

function file(path: string, time: Date): void {
  const full = join(root, path);
  mkdirSync(join(full, ".."), { recursive: true });
  writeFileSync(full, "x");
  utimesSync(full, time, time);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "huashu-build-"));
  file("web/main.tsx", OLD);
  file("web/app/App.tsx", OLD);
  file("shared/schema/flow.ts", OLD);
  file("vite.config.ts", OLD);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("webBuildStaleReason", () => {
  it("asks for a build when dist/web/index.html is missing", async () => {
    expect(await webBuildStaleReason(root)).toBe("dist/web is missing");
  });

  it("is satisfied when the build is newer than every source", async () => {
    file("dist/web/index.html", BUILT);
    expect(await webBuildStaleReason(root)).toBeUndefined();
  });

  it("names a file under web/ or shared/ changed after the build", async () => {
    file("dist/web/index.html", BUILT);
    file("shared/schema/flow.ts", NEW);
    expect(await webBuildStaleReason(root)).toMatch(/shared\/schema\/flow\.ts/);
    file("shared/schema/flow.ts", OLD);
    file("web/app/App.tsx", NEW);
    expect(await webBuildStaleReason(root)).toMatch(/web\/app\/App\.tsx/);
  });

  it("ignores node_modules and test files inside the sources", async () => {
    file("dist/web/index.html", BUILT);
    file("web/node_modules/x/index.js", NEW);
    file("shared/engine/step.test.ts", NEW);
    file("web/app/App.test.tsx", NEW);
    expect(await webBuildStaleReason(root)).toBeUndefined();
  });
});
