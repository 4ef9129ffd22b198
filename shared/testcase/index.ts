// Flow test cases: the file format, the shared simulated step, the runner and its text report.
export * from "./format";
export * from "./recordCase";
export * from "./run";
export * from "./schema";
export * from "./simulateStep";
export * from "./stepLines";
export * from "./transcript";
