// Flow validation: one import for the editor's checklist and the server's publish gate.

export type { ValidationContext } from "./context";
export { formatProblem } from "./formatProblem";
export { nodeName } from "./nodeName";
export * from "./problem";
export { templateVariables } from "./templateVariables";
export { withoutClaimedTriggers } from "./unclaimedTriggers";
export { validateFlow } from "./validateFlow";
