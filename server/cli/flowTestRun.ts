// `npm run flow-test` minus the process: loads the flows and their test cases, runs them, reports per case.
import { promises as fsp } from "node:fs";
import { join, relative } from "node:path";
import {
  catalogOfFlows,
  formatCaseResult,
  formatTestFileErrors,
  parseTestFile,
  runTestFile,
  type TestFile,
} from "../../shared/testcase";
import { findJsonSyntaxError } from "../flows/jsonSyntaxError";
import { formatFlowFileErrors, loadFlowDirectory } from "../flows/loadFlowFile";

export const FLOW_TEST_USAGE = [
  "Usage: npm run flow-test [-- flows目录]      (default: flows/)",
  "",
  "Runs every flow's test cases (<flow id>.tests.json beside <flow id>.json) through the engine",
  "and prints PASS or FAIL per case; for a failure, the step and the replies that differ.",
  "运行每个流程的测试用例，逐条显示通过/失败；失败时显示哪一步、期望与实际回复。",
  "Exit code: 0 all passed, 1 a case failed or a file is malformed, 2 bad arguments.",
].join("\n");

export interface FlowTestReport {
  exitCode: 0 | 1 | 2;
  lines: string[];
  passed: number;
  failed: number;
}

type LoadedTests = { ok: true; file: TestFile } | { ok: false; message: string };

async function readTestFile(path: string, source: string): Promise<LoadedTests> {
  let text: string;
  try {
    text = await fsp.readFile(path, "utf8");
  } catch (error) {
    return { ok: false, message: `${source}: 无法读取 / cannot read: ${String(error)}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const at = findJsonSyntaxError(text);
    const where = at
      ? `第 ${at.line} 行第 ${at.column} 列 / line ${at.line}, column ${at.column}: ${at.message}`
      : "";
    return { ok: false, message: `${source}: JSON 语法错误 / JSON syntax error ${where}` };
  }
  const parsed = parseTestFile(raw);
  return parsed.ok
    ? { ok: true, file: parsed.file }
    : { ok: false, message: formatTestFileErrors(source, parsed.errors) };
}

export async function runFlowTests(dir: string, cwd = process.cwd()): Promise<FlowTestReport> {
  const lines: string[] = [];
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return {
      exitCode: 2,
      lines: [`${dir}: 目录不存在 / no such folder`],
      passed: 0,
      failed: 0,
    };
  }
  let broken = false;
  const flows = [];
  for (const result of await loadFlowDirectory(dir)) {
    if (result.ok) flows.push(result.flow);
    else {
      broken = true;
      lines.push(formatFlowFileErrors({ ...result, file: relative(cwd, result.file) }));
    }
  }
  const catalog = catalogOfFlows(flows);
  const testFiles = names.filter((n) => n.endsWith(".tests.json") && !n.startsWith(".")).sort();
  let passed = 0;
  let failed = 0;
  for (const name of testFiles) {
    const source = relative(cwd, join(dir, name)) || name;
    const loaded = await readTestFile(join(dir, name), source);
    if (!loaded.ok) {
      broken = true;
      lines.push(`ERROR ${loaded.message}`);
      continue;
    }
    const { file } = loaded;
    if (`${file.flowId}.tests.json` !== name) {
      broken = true;
      lines.push(
        `ERROR ${source} (field flowId): 文件名应为 ${file.flowId}.tests.json / the file name should be ${file.flowId}.tests.json`,
      );
      continue;
    }
    if (!catalog.flows[file.flowId]) {
      broken = true;
      lines.push(
        `ERROR ${source} (field flowId): 找不到流程 ${file.flowId}.json / no flow ${file.flowId}.json in ${dir}`,
      );
      continue;
    }
    for (const result of runTestFile(catalog, file).cases) {
      if (result.passed) passed++;
      else failed++;
      lines.push(...formatCaseResult(source, result));
    }
  }
  if (testFiles.length === 0) lines.push(`${dir}: 没有测试用例 / no *.tests.json files`);
  lines.push("", `${passed} 通过 passed, ${failed} 失败 failed`);
  return { exitCode: failed > 0 || broken ? 1 : 0, lines, passed, failed };
}

export async function flowTestMain(argv: string[], cwd = process.cwd()): Promise<FlowTestReport> {
  if (argv.includes("--help") || argv.includes("-h")) {
    return { exitCode: 0, lines: [FLOW_TEST_USAGE], passed: 0, failed: 0 };
  }
  const unknown = argv.filter((a) => a.startsWith("-"));
  const dirs = argv.filter((a) => !a.startsWith("-"));
  if (unknown.length > 0 || dirs.length > 1) {
    const what =
      unknown.length > 0
        ? `未知选项 / unknown option ${unknown[0]}`
        : "只能给一个目录 / one folder only";
    return { exitCode: 2, lines: [what, "", FLOW_TEST_USAGE], passed: 0, failed: 0 };
  }
  return runFlowTests(dirs[0] ?? "flows", cwd);
}
