/** A small blueprint whose routing a test can work out by hand: two teams of one, an SLA in working hours. */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { Blueprint } from "../../src/blueprint/model";

export const SMALL = {
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "small", timezone: "UTC" },
  teams: {
    enterprise: { manager: "ethan.wright@x.test" },
    "mid-market": { manager: "olivia.brown@x.test" },
  },
  owners: [
    { email: "ethan.wright@x.test", team: "enterprise", workingHours: { start: "09:00", end: "17:00" } },
    { email: "olivia.brown@x.test", team: "mid-market", workingHours: { start: "09:00", end: "17:00" } },
  ],
  properties: {
    groups: { qualification: { label: "Qualification" } },
    contacts: { company_size: { label: "Company size", type: "number", group: "qualification" } },
  },
  routing: [
    {
      key: "enterprise-inbound",
      when: { all: [{ property: "company_size", op: "gte", value: 1000 }] },
      assign: { team: "enterprise" },
      sla: { firstTouch: "1h" },
    },
    { key: "fallback", assign: { team: "mid-market" }, sla: { firstTouch: "1bd" } },
  ],
};

export const smallBlueprint = (over: object = {}) => Blueprint.parse({ ...SMALL, ...over });

/** Writes the blueprint (and any extra files beside it) to a fresh directory; returns the blueprint's path. */
export function writeProject(blueprint: object, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "revstack-routing-"));
  const file = path.join(dir, "routing.yaml");
  writeFileSync(file, YAML.stringify(blueprint));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return file;
}
