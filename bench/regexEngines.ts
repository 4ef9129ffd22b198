// Regex section of the engine benchmark: built-in RegExp against the hybrid safeRegex, in µs per test.
import { REGEX_SUBJECT_LIMIT, safeRegex } from "../shared/engine/regex";
import { linearRegex } from "../shared/engine/regexLinear";
import { parseRegex } from "../shared/engine/regexSyntax";

interface Rate {
  perSecond: number;
  perCpuSecond: number;
}

type Measure = (round: () => number) => Rate;

const ORDINARY = "你好，我想查一下订单 20250310123456 什么时候发货？一共 99 元，谢谢";

let sink = 0;

/** µs of CPU per test, repeating `test` enough times per round to time it. */
function perTest(measure: Measure, test: () => boolean, repeat: number): number {
  const rate = measure(() => {
    for (let i = 0; i < repeat; i++) if (test()) sink++;
    return repeat;
  });
  return 1e6 / rate.perCpuSecond;
}

/** CPU µs of one hostile run of the built-in engine, the better of two (each takes up to a second). */
function builtinOnce(pattern: string, subject: string): number {
  const re = new RegExp(pattern);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 2; i++) {
    const cpu = process.cpuUsage();
    if (re.test(subject)) sink++;
    const used = process.cpuUsage(cpu);
    best = Math.min(best, used.user + used.system);
  }
  return best;
}

const us = (n: number) =>
  n >= 100 ? `${Math.round(n).toLocaleString("en-US")} µs` : `${n.toPrecision(3)} µs`;
const times = (a: number, b: number) =>
  `×${(a / b).toLocaleString("en-US", { maximumFractionDigits: a / b >= 100 ? 0 : 1 })}`;

function hybrid(pattern: string) {
  const re = safeRegex(pattern);
  if (!re) throw new Error(`${pattern} is refused`);
  return re;
}

export function regexSection(measure: Measure): string[] {
  const lines: string[] = [];
  const say = (label: string, value: string) => lines.push(`  ${label.padEnd(62)} ${value}`);

  const common = hybrid("订单\\s*\\d+");
  const commonOnRe2 = linearRegex(parseRegex("订单\\s*\\d+", ""), "");
  if (!commonOnRe2.ok) throw new Error("订单\\s*\\d+ does not translate");
  const builtinCost = perTest(measure, () => common.test(ORDINARY), 10_000);
  const re2Cost = perTest(measure, () => commonOnRe2.test(ORDINARY), 1_000);
  say(`common 订单\\s*\\d+, ordinary message (${common.engine} path)`, us(builtinCost));
  say(
    "  the same forced onto re2js (as if every pattern went linear)",
    `${us(re2Cost)}  ${times(re2Cost, builtinCost)}`,
  );
  // A realistic doubtful pattern whose literals are all in the message, so re2js's prefilter
  // cannot answer alone.
  const doubtful = hybrid("订单.*\\d+元");
  const doubtfulCost = perTest(measure, () => doubtful.test(ORDINARY), 1_000);
  const doubtfulBuiltin = /订单.*\d+元/;
  const doubtfulBuiltinCost = perTest(measure, () => doubtfulBuiltin.test(ORDINARY), 10_000);
  say(`doubtful 订单.*\\d+元, ordinary message (${doubtful.engine} path)`, us(doubtfulCost));
  say(
    "  the same on RegExp (what the hybrid gives up for safety)",
    `${us(doubtfulBuiltinCost)}  ${times(doubtfulCost, doubtfulBuiltinCost)} cheaper`,
  );

  // Hostile: a long run of digits and no match. \d+\d+x is timed on the built-in engine at full
  // length (about half a second); \d+\d+\d+x needs n⁴ steps, so it is timed on a shorter run and
  // scaled to REGEX_SUBJECT_LIMIT characters.
  const n = REGEX_SUBJECT_LIMIT;
  const hostile: Array<{ pattern: string; length: number; power: number }> = [
    { pattern: "\\d+\\d+x", length: n, power: 3 },
    { pattern: "\\d+\\d+\\d+x", length: 200, power: 4 },
  ];
  const digits = "1".repeat(n);
  // An x first defeats re2js's literal prefilter (no x, no match), so its automaton reads every digit.
  const noShortcut = `x${"1".repeat(n - 1)}`;
  for (const { pattern, length, power } of hostile) {
    const re = hybrid(pattern);
    const measured = builtinOnce(pattern, digits.slice(0, length));
    const builtin = measured * (n / length) ** power;
    const hybridCost = perTest(measure, () => re.test(digits), 100);
    const hybridScan = perTest(measure, () => re.test(noShortcut), 100);
    if (length === n) {
      say(`${pattern} on ${n.toLocaleString("en-US")} digits: RegExp`, us(builtin));
    } else {
      say(`${pattern} on ${length} digits: RegExp`, us(measured));
      say(
        `${pattern} on ${n.toLocaleString("en-US")} digits: RegExp (× (n/${length})^${power}, not run)`,
        `≈ ${us(builtin)}`,
      );
    }
    say(
      `  hybrid (${re.engine} path) on ${n.toLocaleString("en-US")} digits`,
      `${us(hybridCost)}  ${times(builtin, hybridCost)} faster`,
    );
    say(
      `  hybrid on "x" + ${(n - 1).toLocaleString("en-US")} digits (no prefilter shortcut)`,
      `${us(hybridScan)}  ${times(builtin, hybridScan)} faster`,
    );
  }
  if (sink === -1) lines.push(String(sink));
  return lines;
}
