// Checks a flow before it is saved or published; the editor's checklist and the server share this.
import type { Flow } from "../schema";
import { checkDuplicateIds } from "./checkDuplicateIds";
import { checkEdges } from "./checkEdges";
import { checkJumps } from "./checkJumps";
import { checkFallback, checkKeywords } from "./checkKeywords";
import { checkLoops } from "./checkLoops";
import { checkMessages } from "./checkMessages";
import { checkNodeSettings } from "./checkNodeSettings";
import { checkOptionNumbers } from "./checkOptionNumbers";
import { checkReachability } from "./checkReachability";
import { checkRegexes } from "./checkRegexes";
import { checkStart } from "./checkStart";
import { checkEntry, checkTriggerNodes } from "./checkTriggers";
import { checkVariables } from "./checkVariables";
import type { Check, ValidationContext } from "./context";
import type { Problem } from "./problem";

const checks: Check[] = [
  checkStart,
  checkDuplicateIds,
  checkTriggerNodes,
  checkEdges,
  checkJumps,
  checkKeywords,
  checkFallback,
  checkRegexes,
  checkNodeSettings,
  checkMessages,
  checkOptionNumbers,
  checkVariables,
  checkReachability,
  checkLoops,
  checkEntry,
];

/** Every problem in the flow, errors before warnings, otherwise in the order checks run. */
export function validateFlow(flow: Flow, context: ValidationContext = {}): Problem[] {
  const problems = checks.flatMap((check) => check(flow, context));
  return [
    ...problems.filter((p) => p.severity === "error"),
    ...problems.filter((p) => p.severity === "warning"),
  ];
}
