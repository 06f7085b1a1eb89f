/** Keys that name things must name one thing each. */
import type { PathSegment } from "../diagnostics";
import type { Check, CheckContext } from "./context";
import { CrmObject } from "../crm-objects";

function unique(
  c: CheckContext,
  path: PathSegment[],
  items: readonly unknown[],
  field: string,
  normalise = (k: string) => k,
): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const key = normalise(String((item as Record<string, unknown>)[field]));
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, i);
      return;
    }
    const line = c.findings.at([...path, earlier, field]).line;
    c.findings.error([...path, i, field], `duplicate ${field} "${key}": already used at line ${line}`);
  });
}

export const checkUniqueKeys: Check = (c) => {
  const bp = c.blueprint;
  // HubSpot matches owners by email case-insensitively.
  unique(c, ["owners"], bp.owners, "email", (e) => e.toLowerCase());
  unique(c, ["routing"], bp.routing, "key");
  unique(c, ["automations"], bp.automations, "key");
  unique(c, ["reporting", "metrics"], bp.reporting.metrics, "key");
  unique(c, ["reporting", "dashboards"], bp.reporting.dashboards ?? [], "key");
  unique(c, ["lifecycle", "stages"], bp.lifecycle?.stages ?? [], "key");
  for (const [key, pipeline] of Object.entries(bp.pipelines)) {
    unique(c, ["pipelines", key, "stages"], pipeline.stages, "key");
    unique(c, ["pipelines", key, "retiredStages"], pipeline.retiredStages ?? [], "key");
  }
  for (const object of CrmObject.options) {
    for (const [name, property] of Object.entries(bp.properties[object] ?? {})) {
      unique(c, ["properties", object, name, "options"], property.options ?? [], "value");
      unique(c, ["properties", object, name, "options"], property.options ?? [], "label");
    }
  }
};
