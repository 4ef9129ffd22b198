import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { MenuDocument } from "../../shared/menu";
import { flowRevision } from "../flows/flowRepository";
import { createMenuFile, MENU_FILE_NAME } from "./menuFile";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "huashu-menu-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const shop: MenuDocument = {
  schemaVersion: 1,
  buttons: [{ id: "shop", name: "商品咨询", type: "click", key: "SHOP", children: [] }],
};

describe("the menu draft file", () => {
  it("is the empty menu with no revision until saved, then pretty JSON whose sha1 is the revision", async () => {
    const file = createMenuFile(dir);
    expect(await file.read()).toEqual({
      ok: true,
      menu: { schemaVersion: 1, buttons: [] },
      revision: null,
      updatedAt: null,
    });
    const saved = await file.save(shop, null);
    if (!saved.ok) throw new Error("not saved");
    const text = readFileSync(join(dir, MENU_FILE_NAME), "utf8");
    expect(text).toBe(`${JSON.stringify(shop, null, 2)}\n`);
    expect(saved.draft.revision).toBe(flowRevision(text));
    expect(await file.read()).toMatchObject({ ok: true, menu: shop, revision: flowRevision(text) });
  });

  it("refuses a save from a revision that is not the file's, and lets one of two racing saves win", async () => {
    const file = createMenuFile(dir);
    const first = await file.save(shop, null);
    if (!first.ok) throw new Error("not saved");
    const stale = await file.save({ schemaVersion: 1, buttons: [] }, null);
    expect(stale).toMatchObject({ ok: false, current: { ok: true, menu: shop } });
    const renamed = (name: string): MenuDocument => ({
      schemaVersion: 1,
      buttons: [{ ...shop.buttons[0]!, name }],
    });
    const race = await Promise.all([
      file.save(renamed("甲"), first.draft.revision),
      file.save(renamed("乙"), first.draft.revision),
    ]);
    expect(race.map((r) => r.ok)).toEqual([true, false]);
    expect(await file.read()).toMatchObject({ ok: true, menu: renamed("甲") });
  });

  it("names the file and the JSON position, or the file and the field, when the file does not read", async () => {
    const file = createMenuFile(dir);
    writeFileSync(join(dir, MENU_FILE_NAME), '{\n  "schemaVersion": 1,\n  "buttons": [\n}');
    const broken = await file.read();
    expect(broken.ok).toBe(false);
    if (broken.ok) return;
    expect(broken.errors[0]?.message).toMatch(/^wechat\.menu\.json: JSON 语法错误，第 4 行第 1 列/);

    writeFileSync(
      join(dir, MENU_FILE_NAME),
      JSON.stringify({ schemaVersion: 1, buttons: [{ id: "a", name: 7, children: [] }] }),
    );
    const wrong = await file.read();
    if (wrong.ok) throw new Error("read a wrong menu");
    expect(wrong.errors.map((e) => e.field)).toEqual(["buttons.0.name"]);
    expect(wrong.errors[0]?.message).toMatch(/^wechat\.menu\.json: .*field buttons\.0\.name/);
    // Saving over the broken file with its revision replaces it.
    const fixed = await file.save(shop, wrong.revision);
    expect(fixed.ok).toBe(true);
  });

  it("leaves the old file whole, and no temp file, when the write fails before the rename", async () => {
    const file = createMenuFile(dir, {
      rename: async () => {
        throw new Error("power cut");
      },
    });
    writeFileSync(join(dir, MENU_FILE_NAME), `${JSON.stringify(shop)}\n`);
    const before = await file.read();
    await expect(
      file.save({ schemaVersion: 1, buttons: [] }, before.revision ?? null),
    ).rejects.toThrow(/power cut/);
    expect(readdirSync(dir)).toEqual([MENU_FILE_NAME]);
    expect(await file.read()).toEqual(before);
  });
});
