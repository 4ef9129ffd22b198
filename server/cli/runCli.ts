// Test support: runs a project entry point in a process of its own, as `npm run …` would.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const rootDir = fileURLToPath(new URL("../..", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr. */
  out: string;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Runs the process as this user and group (root only), e.g. to be refused a folder. */
  uid?: number;
  gid?: number;
}

/** Starts `node --import tsx <script> …args` from the project folder, without waiting for it. */
export function spawnEntry(script: string, args: string[], options: SpawnOptions = {}) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: rootDir,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<CliRun>((resolve) =>
    child.once("exit", (code) => resolve({ code, stdout, stderr, out: `${stdout}${stderr}` })),
  );
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Runs a CLI to its end. */
export function runCli(
  script: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<CliRun> {
  return spawnEntry(script, args, options).exited;
}
