import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDbPath } from "../runtime/testServer";

const db = tempDbPath();
afterEach(() => db.cleanup());

function publish(
  args: string[],
  env: Record<string, string>,
): { status: number | null; out: string } {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "server/cli/publish.ts", ...args],
    {
      env: { ...process.env, ...env },
      encoding: "utf8",
    },
  );
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

interface FlowJson {
  name: string;
  nodes: Array<{ position: { x: number; y: number } }>;
}

/** flows/complaint.json with a change (by default a new name), written beside the database. */
function changedComplaint(
  change = (flow: FlowJson) => {
    flow.name = `${flow.name}（二）`;
  },
): string {
  const flow = JSON.parse(readFileSync("flows/complaint.json", "utf8")) as FlowJson;
  change(flow);
  const path = join(dirname(db.path), "complaint.json");
  writeFileSync(path, JSON.stringify(flow));
  return path;
}

describe("npm run publish", () => {
  it("publishes a flow file as the next version", () => {
    const first = publish(["flows/complaint.json"], { HUASHU_DB: db.path });
    expect(first).toMatchObject({ status: 0 });
    // Naming the database, so publishing into another file than the server's is not silent.
    expect(first.out).toContain(`published complaint as version 1 into ${db.path}`);
    expect(publish([changedComplaint()], { HUASHU_DB: db.path }).out).toContain(
      "published complaint as version 2",
    );
  });

  it("publishes nothing for a flow that equals its latest version, and says so", () => {
    publish(["flows/complaint.json"], { HUASHU_DB: db.path });
    const again = publish(["flows/complaint.json"], { HUASHU_DB: db.path });
    expect(again.status).toBe(0);
    expect(again.out).toContain(
      `complaint: unchanged since version 1 in ${db.path}; nothing published\n`,
    );
    expect(again.out).not.toContain("version 2");

    const moved = changedComplaint((flow) => {
      for (const node of flow.nodes) node.position.x += 100;
    });
    const layout = publish([moved], { HUASHU_DB: db.path });
    expect(layout.out).toContain("complaint: unchanged since version 1");
    expect(layout.out).toContain("only node positions differ");
  });

  it("refuses a HUASHU_DB that is a folder or not a SQLite file, naming the variable", () => {
    mkdirSync(db.path, { recursive: true });
    const folder = publish(["flows/complaint.json"], { HUASHU_DB: db.path });
    expect(folder.status).toBe(1);
    expect(folder.out).toMatch(/^HUASHU_DB: cannot open .*not a folder/m);

    const notes = join(dirname(db.path), "notes.txt");
    writeFileSync(notes, "not a database\n");
    const text = publish(["flows/complaint.json"], { HUASHU_DB: notes });
    expect(text.status).toBe(1);
    expect(text.out).toMatch(/^HUASHU_DB: .*notes\.txt is not a SQLite database/m);
  });

  it("says that nothing was published when a setting is wrong", () => {
    const result = publish(["flows/complaint.json"], { HUASHU_DB: db.path, WECHAT_TOKEN: "a" });
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/^Nothing published; fix these settings first/m);
    expect(result.out).toMatch(/^ {2}- WECHAT_TOKEN: /m);
  });

  it("refuses a folder or a missing file, naming it, and still publishes the other files", () => {
    const result = publish(["flows", "flows/nope.json", "flows/complaint.json"], {
      HUASHU_DB: db.path,
    });
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/^flows: .*a folder: name a flow file such as flows\/<id>\.json/m);
    expect(result.out).toMatch(/^flows\/nope\.json: .*file not found/m);
    expect(result.out).toContain("published complaint as version 1");
  });
});
