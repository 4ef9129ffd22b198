// Deleted flows: list what is in flows/.trash and put one back.
import { Hono } from "hono";
import type { FlowRepository } from "../flows/flowRepository";
import { iso } from "./apiDeps";
import { ApiError, notFound } from "./apiError";
import { unreadableFlowFile } from "./flowProblems";

export function createTrashRoutes(repository: FlowRepository): Hono {
  return new Hono()
    .get("/trash", async (c) => {
      const items = await repository.listTrash();
      return c.json({ items: items.map((item) => ({ ...item, deletedAt: iso(item.deletedAt) })) });
    })
    .post("/trash/:trashId/restore", async (c) => {
      const trashId = c.req.param("trashId");
      const result = await repository.restore(trashId);
      if (!result.ok && result.reason === "not_found") {
        throw notFound({
          zh: `回收站里没有 ${trashId}`,
          en: `nothing in the trash with id ${trashId}`,
        });
      }
      if (!result.ok) {
        throw new ApiError(
          409,
          "flow_exists",
          {
            zh: `已有 id 为 ${result.id} 的流程，请先删除或改名后再恢复`,
            en: `a flow with id ${result.id} exists again; delete or rename it before restoring`,
          },
          { id: result.id },
        );
      }
      if (!result.entry.ok) throw unreadableFlowFile(result.entry);
      return c.json({ flow: result.entry.flow, revision: result.entry.revision });
    });
}
