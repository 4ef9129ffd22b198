// The pure flow engine: one import for the simulator and the runtime.
export * from "./step";
export * from "./types";
