// Hash routes: what each address opens, and back again.
import { describe, expect, it } from "vitest";
import { parseRoute, routeHash } from "./router";

describe("router", () => {
  it("reads the login, list and editor routes", () => {
    expect(parseRoute("#/login")).toEqual({ page: "login" });
    expect(parseRoute("#/flows")).toEqual({ page: "flows" });
    expect(parseRoute("#/flows/ecommerce")).toEqual({ page: "editor", flowId: "ecommerce" });
  });

  it("opens the custom menu editor at #/menu, and back again", () => {
    expect(parseRoute("#/menu")).toEqual({ page: "menu" });
    expect(routeHash({ page: "menu" })).toBe("#/menu");
    // Only the exact address: a flow whose id is "menu" still opens in the flow editor.
    expect(parseRoute("#/flows/menu")).toEqual({ page: "editor", flowId: "menu" });
    expect(parseRoute("#/menu/extra")).toEqual({ page: "flows" });
  });

  it("opens the flow list for an empty or unknown address", () => {
    expect(parseRoute("")).toEqual({ page: "flows" });
    expect(parseRoute("#/nowhere/else")).toEqual({ page: "flows" });
  });

  it("round-trips flow ids that need escaping", () => {
    const route = { page: "editor", flowId: "a b/c" } as const;
    expect(parseRoute(routeHash(route))).toEqual(route);
  });
});
