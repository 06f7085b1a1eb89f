/** What a blueprint says that no API can apply: listed as manual steps in preview and drift. */
import type { Blueprint } from "../../blueprint/model";
import { count } from "../../words/describe";

export function manualSteps(b: Blueprint): string[] {
  const steps: string[] = [];
  if (b.lifecycle) {
    const stages = b.lifecycle.stages.map((s) => s.label ?? s.key).join(", ");
    const handoff = b.lifecycle.handoff
      ? `, and the ${b.lifecycle.handoff.from} → ${b.lifecycle.handoff.to} handoff settings`
      : "";
    steps.push(
      `Lifecycle stages (${stages})${handoff}: HubSpot's API cannot set them; check them in HubSpot (Settings › Objects › Contacts › Lifecycle stage)`,
    );
  }
  const dashboards = b.reporting.dashboards ?? [];
  if (b.reporting.metrics.length > 0) {
    steps.push(
      `Reporting: ${count(b.reporting.metrics.length, "metric")}${dashboards.length > 0 ? ` on ${count(dashboards.length, "dashboard")}` : ""}: ` +
        "HubSpot has no public reports API; build the dashboards in HubSpot, or compute them with `revstack report`",
    );
  }
  return steps;
}
