// Reads flow files from disk for the CLIs: one file or a folder, with errors naming file, node and field.
import { promises as fsp } from "node:fs";
import { basename, join } from "node:path";
import {
  type Flow,
  type FlowLoadError,
  formatFlowLoadErrors,
  parseFlow,
} from "../../shared/schema";
import { isFlowFileName as isFlowFile } from "./flowRepository";
import { findJsonSyntaxError } from "./jsonSyntaxError";

export type FlowFileResult =
  | { ok: true; file: string; flow: Flow }
  | { ok: false; file: string; errors: FlowLoadError[] };

/** Parses the text of a flow file; `file` only names it in errors. */
export function parseFlowFileText(file: string, text: string): FlowFileResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const found = findJsonSyntaxError(text);
    const message = found
      ? `JSON 语法错误，第 ${found.line} 行第 ${found.column} 列：${found.message} / JSON syntax error at line ${found.line}, column ${found.column}: ${found.message}`
      : `JSON 语法错误 / JSON syntax error: ${error instanceof Error ? error.message : String(error)}`;
    return { ok: false, file, errors: [{ field: "", message }] };
  }
  const parsed = parseFlow(raw);
  return parsed.ok
    ? { ok: true, file, flow: parsed.flow }
    : { ok: false, file, errors: parsed.errors };
}

export async function loadFlowFile(file: string): Promise<FlowFileResult> {
  let text: string;
  try {
    text = await fsp.readFile(file, "utf8");
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    const reason =
      code === "ENOENT"
        ? "文件不存在 / file not found"
        : code === "EISDIR"
          ? "这是文件夹，请指定流程文件，如 flows/<id>.json / a folder: name a flow file such as flows/<id>.json"
          : String(error);
    return {
      ok: false,
      file,
      errors: [{ field: "", message: `无法读取 / cannot read: ${reason}` }],
    };
  }
  return parseFlowFileText(file, text);
}

/** Every flow in a folder (not test cases, the JSON Schema or hidden files), in file-name order. */
export async function loadFlowDirectory(dir: string): Promise<FlowFileResult[]> {
  const names = (await fsp.readdir(dir)).filter(isFlowFile).sort();
  return Promise.all(names.map((name) => loadFlowFile(join(dir, name))));
}

/** Whether a path names a flow file, by the same rule as the flow repository. */
export function isFlowFileName(file: string): boolean {
  return isFlowFile(basename(file));
}

/** One line per error: `flows/x.json (node ask, field answer.options.0.label): …`. */
export function formatFlowFileErrors(result: Extract<FlowFileResult, { ok: false }>): string {
  return formatFlowLoadErrors(result.file, result.errors);
}
