/** Reports on HubSpot's default deal pipeline, which the blueprint measures without declaring it. */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBlueprint } from "../../src/blueprint";
import type { Blueprint } from "../../src/blueprint/model";
import type { LivePipeline } from "../../src/clients/hubspot";
import { mapPipelines } from "../../src/reporting/live-pipelines";
import { computeMetrics } from "../../src/reporting/metrics";

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);

async function fixture(): Promise<Blueprint> {
  const { blueprint, diagnostics } = await loadBlueprint(
    path.join(__dirname, "../plan/n8n/fixtures/default-pipelines.yaml"),
  );
  expect(diagnostics).toEqual([]);
  return blueprint!;
}

// HubSpot's default deal pipeline as a portal lists it, next to a pipeline made by hand.
const stage = (id: string, label: string, displayOrder: number) => ({ id, label, displayOrder, metadata: {} });
const live: LivePipeline[] = [
  { id: "123", label: "Renewals", displayOrder: 1, stages: [stage("9", "Open", 0)] },
  {
    id: "default",
    label: "Sales Pipeline",
    displayOrder: 0,
    stages: [stage("contractsent", "Contract Sent", 4), stage("closedwon", "Closed Won", 5)],
  },
];

describe("reports on HubSpot's default deal pipeline", () => {
  it("read the default pipeline when a metric names it, by HubSpot's ids, and not otherwise", async () => {
    const bp = await fixture();
    expect(mapPipelines(bp, live)).toEqual([
      {
        key: "default",
        id: "default",
        stageIds: new Map([
          ["contractsent", "contractsent"],
          ["closedwon", "closedwon"],
        ]),
      },
    ]);
    expect(mapPipelines({ ...bp, reporting: { ...bp.reporting, metrics: [] } }, live)).toEqual([]);
  });

  it("measure time in one of its stages", async () => {
    const bp = await fixture();
    const deal = (id: string, days: number) => ({
      id,
      pipeline: "default",
      stage: "closedwon",
      createdAt: T0,
      entered: { contractsent: T0, closedwon: T0 + days * DAY },
      values: {},
    });
    const [m] = computeMetrics(bp, {
      deals: [deal("d1", 3), deal("d2", 5), deal("d3", 20)],
      contacts: [],
      asOf: T0 + 30 * DAY,
    });
    expect(m.key).toBe("contract-time");
    expect(m.value).toBe(5 * 1440);
    expect(m.sample).toBe(3);
  });
});
