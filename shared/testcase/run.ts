// Replays a test case through the engine: fixed seed, clock from `now` advancing one second per step.
import type { FlowCatalog } from "../engine";
import type { Flow } from "../schema";
import type { ExpectedItem, TestCase, TestFile, TestInput } from "./schema";
import { DEFAULT_TEST_NOW, initialSimState, simulateStep } from "./simulateStep";
import type { StepLine } from "./stepLines";

/** One position where expected and actual differ; null on a side means the line is missing there. */
export interface LineDiff {
  position: number;
  expected: ExpectedItem | null;
  actual: StepLine | null;
}

export interface StepOutcome {
  /** 1-based, as people count steps. */
  index: number;
  input: TestInput;
  expected: ExpectedItem[];
  actual: StepLine[];
  /** Empty when the step passed. */
  diff: LineDiff[];
}

export interface TestCaseResult {
  caseId: string;
  name: string;
  passed: boolean;
  steps: StepOutcome[];
}

export interface TestFileResult {
  flowId: string;
  passed: boolean;
  cases: TestCaseResult[];
}

/** Every flow as an unpublished draft (version 0): tests run what is in the files. */
export function catalogOfFlows(flows: Flow[]): FlowCatalog {
  const catalog: FlowCatalog = { flows: {} };
  for (const flow of flows) catalog.flows[flow.id] = { flow, version: 0 };
  return catalog;
}

export function matches(expected: ExpectedItem, actual: StepLine): boolean {
  if (typeof expected === "string") return expected === actual.text;
  return expected.text === actual.text && (!expected.nodeId || expected.nodeId === actual.nodeId);
}

export function diffLines(expected: ExpectedItem[], actual: StepLine[]): LineDiff[] {
  const diff: LineDiff[] = [];
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const e = expected[i] ?? null;
    const a = actual[i] ?? null;
    if (e === null || a === null || !matches(e, a))
      diff.push({ position: i + 1, expected: e, actual: a });
  }
  return diff;
}

export function timeOf(iso: string | undefined): number {
  return Date.parse(iso ?? DEFAULT_TEST_NOW);
}

/** Pure: the flows as a list (the case's flow among them) or a ready catalog. */
export function runTestCase(
  flows: Flow[] | FlowCatalog,
  testCase: TestCase,
  options: { flowId?: string } = {},
): TestCaseResult {
  const catalog = Array.isArray(flows) ? catalogOfFlows(flows) : flows;
  let state = initialSimState(testCase.follower, timeOf(testCase.now));
  const steps: StepOutcome[] = testCase.steps.map((s, i) => {
    if (s.now !== undefined) state = { ...state, now: timeOf(s.now) };
    const outcome = simulateStep(catalog, state, s.input, options);
    state = outcome.state;
    return {
      index: i + 1,
      input: s.input,
      expected: s.expect,
      actual: outcome.lines,
      diff: diffLines(s.expect, outcome.lines),
    };
  });
  return {
    caseId: testCase.id,
    name: testCase.name,
    passed: steps.every((s) => s.diff.length === 0),
    steps,
  };
}

export function runTestFile(flows: Flow[] | FlowCatalog, file: TestFile): TestFileResult {
  const cases = file.cases.map((c) => runTestCase(flows, c, { flowId: file.flowId }));
  return { flowId: file.flowId, passed: cases.every((c) => c.passed), cases };
}
