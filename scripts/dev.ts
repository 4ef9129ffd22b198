// `npm run dev`: the server (restarting on change) and Vite's dev server together; Ctrl-C stops both.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const rootDir = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => join(rootDir, "node_modules", ".bin", name);
const port = process.env.PORT ?? "3000";
const color = process.stdout.isTTY ? { FORCE_COLOR: "1" } : {};

interface Part {
  label: string;
  child: ChildProcess;
}

function start(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): Part {
  const child = spawn(command, args, { cwd: rootDir, env, stdio: ["inherit", "pipe", "pipe"] });
  const forward = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
    if (!stream) return;
    createInterface({ input: stream }).on("line", (line) => out.write(`[${label}] ${line}\n`));
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  child.on("error", (error) => {
    console.error(`[${label}] could not start ${command}: ${error.message}; run npm install first`);
  });
  return { label, child };
}

const parts = [
  start("server", bin("tsx"), ["watch", "--clear-screen=false", "server/main.ts"], {
    ...process.env,
    ...color,
    PORT: port,
  }),
  start("web", bin("vite"), [], {
    ...process.env,
    ...color,
    HUASHU_DEV_API: process.env.HUASHU_DEV_API ?? `http://127.0.0.1:${port}`,
  }),
];

let stopping = false;
function stopAll(exitCode: number): void {
  if (stopping) return;
  stopping = true;
  const running = parts.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  for (const part of running) part.child.kill("SIGTERM");
  // Whatever does not stop politely within 5 s is stopped for good.
  const force = setTimeout(() => {
    for (const part of running) part.child.kill("SIGKILL");
  }, 5000);
  force.unref();
  Promise.all(running.map((p) => new Promise((resolve) => p.child.once("exit", resolve)))).then(
    () => process.exit(exitCode),
  );
}

for (const { label, child } of parts) {
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`[${label}] stopped (${signal ?? `exit code ${code}`}); stopping the rest`);
    stopAll(code ?? 1);
  });
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));
console.log(
  `Huashu dev: API on http://localhost:${port}, editor with hot reload at Vite's address below (Ctrl-C stops both)`,
);
