/** `revstack routing log` says why a logged first touch is due when it is, by the blueprint's calendar. */
import { describe, expect, it } from "vitest";
import { deliveries, describeRow } from "../../src/routing/log";
import { Router } from "../../src/routing/runtime";
import { smallBlueprint } from "./fixtures";

describe("the routing log's due times", () => {
  it("follows the owner line with the logged due time and why, skipping the weekend", () => {
    const router = new Router(smallBlueprint());
    // Friday 16:30 UTC: a fallback lead (1bd, 8 working hours) is due Monday 16:30, as route() logs it in n8n.
    const at = Date.parse("2026-01-09T16:30:00Z");
    const decision = router.route("7", { company_size: "10" }, at, {});
    const lines = describeRow({ id: 1, leadId: "7", at, decision: JSON.stringify(decision) }, router);
    expect(lines.slice(0, 2)).toEqual([
      "2026-01-09T16:30:00.000Z  lead 7 → olivia.brown@x.test (rule fallback, round_robin)",
      "    first touch due 2026-01-12T16:30:00.000Z; by the blueprint's calendar, due Mon 2026-01-12 16:30 UTC: " +
        "1 business day (8 working hours) from Fri 2026-01-09 16:30, in working hours 09:00–17:00 Mon–Fri; " +
        "skipping 17:00–09:00, Sat 2026-01-10–Sun 2026-01-11 (days off)",
    ]);
  });

  it("shows a batch's decision, recorded on a row of its own, on the delivery it names", () => {
    const router = new Router(smallBlueprint());
    const at = Date.parse("2026-01-09T16:30:00Z");
    const decision = router.route("7", { company_size: "10" }, at, {});
    const lead = JSON.stringify({ id: "7", properties: {} });
    const rows = deliveries([
      { id: 3, leadId: "8", lead: "", at, decision: JSON.stringify({ ...decision, contactId: "8", row: 9 }) },
      { id: 2, leadId: "7", lead: "", at, decision: JSON.stringify({ ...decision, row: 1 }) },
      { id: 1, leadId: "7", lead, at },
    ]);
    expect(rows.map((r) => r.id)).toEqual([1]);
    expect(describeRow(rows[0], router)[0]).toBe(
      "2026-01-09T16:30:00.000Z  lead 7 → olivia.brown@x.test (rule fallback, round_robin)",
    );
  });
});
