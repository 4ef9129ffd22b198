// `npm test` runs every committed flow test case; the CLI reports failures by step and exits 1 on them.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { flowTestMain, runFlowTests } from "./flowTestRun";

const repoRoot = resolve(import.meta.dirname, "../..");
const flowsDir = join(repoRoot, "flows");
const temps: string[] = [];

function tempFlows(): string {
  const dir = mkdtempSync(join(tmpdir(), "huashu-flowtest-"));
  temps.push(dir);
  cpSync(flowsDir, dir, { recursive: true });
  return dir;
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("committed flow test cases", () => {
  it("every case in flows/*.tests.json passes", async () => {
    const report = await runFlowTests(flowsDir, repoRoot);
    // On failure the report names the case, step and differing replies.
    expect(report.lines.filter((l) => !l.startsWith("PASS")).join("\n")).not.toMatch(/FAIL|ERROR/);
    expect(report.exitCode).toBe(0);
    expect(report.passed).toBeGreaterThanOrEqual(3);
  });
});

describe("flow-test", () => {
  it("fails a case whose flow now says something else, naming the step and both texts", async () => {
    const dir = tempFlows();
    const path = join(dir, "complaint.json");
    writeFileSync(path, readFileSync(path, "utf8").replace("已查到您的订单", "订单找到了"));
    const report = await runFlowTests(dir, dir);
    expect(report.exitCode).toBe(1);
    const text = report.lines.join("\n");
    expect(text).toMatch(/FAIL {2}complaint\.tests\.json › 投诉并查到订单/);
    expect(text).toContain("步骤 4 / step 4");
    expect(text).toContain('期望 expected: "已查到您的订单');
    expect(text).toContain('实际 actual:   "订单找到了');
    expect(text).toMatch(/PASS {2}complaint\.tests\.json › 查单超时仍转人工/);
  });

  it("explains a malformed test file by file and field", async () => {
    const dir = tempFlows();
    const file = JSON.parse(readFileSync(join(dir, "course.tests.json"), "utf8"));
    file.cases[0].steps[0].input = { type: "shout" };
    writeFileSync(join(dir, "course.tests.json"), JSON.stringify(file));
    writeFileSync(join(dir, "ecommerce.tests.json"), '{ "schemaVersion": 1,\n  oops }');
    const report = await runFlowTests(dir, dir);
    expect(report.exitCode).toBe(1);
    const text = report.lines.join("\n");
    expect(text).toContain("course.tests.json (field cases.0.steps.0.input.type)");
    expect(text).toMatch(/ecommerce\.tests\.json: JSON 语法错误 .*line 2/);
  });

  it("refuses test cases for a flow that does not exist", async () => {
    const dir = tempFlows();
    rmSync(join(dir, "course.json"));
    const report = await runFlowTests(dir, dir);
    expect(report.exitCode).toBe(1);
    expect(report.lines.join("\n")).toContain("course.tests.json (field flowId)");
  });

  it("answers --help and bad arguments", async () => {
    expect((await flowTestMain(["--help"])).lines[0]).toContain("npm run flow-test");
    expect((await flowTestMain(["--nope"])).exitCode).toBe(2);
    expect((await flowTestMain(["/no/such/folder"])).exitCode).toBe(2);
  });

  it("exits 1 as a process when a case fails", () => {
    const dir = tempFlows();
    const path = join(dir, "course.json");
    writeFileSync(path, readFileSync(path, "utf8").replace("预约成功！", "好的！"));
    let status = 0;
    let stdout = "";
    try {
      execFileSync(process.execPath, ["--import", "tsx", "server/cli/flow-test.ts", dir], {
        cwd: repoRoot,
        encoding: "utf8",
      });
    } catch (error) {
      const e = error as { status: number; stdout: string };
      status = e.status;
      stdout = e.stdout;
    }
    expect(status).toBe(1);
    expect(stdout).toContain("FAIL");
    expect(stdout).toContain("步骤 5 / step 5");
  });
});
