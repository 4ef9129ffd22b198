// `npm run flow-test [flows dir]`: every flow's saved test cases through the engine; exit 1 on any failure.
import { flowTestMain } from "./flowTestRun";

flowTestMain(process.argv.slice(2)).then(
  (report) => {
    const out = report.exitCode === 2 ? process.stderr : process.stdout;
    out.write(`${report.lines.join("\n")}\n`);
    process.exitCode = report.exitCode;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
