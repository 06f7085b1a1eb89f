/** Lifecycle: criteria name real properties, and the marketing → sales handoff points at real stages. */
import type { Check } from "./context";
import { checkConditions } from "./conditions";
import { expectKnown, expectNotifyTargets, expectProperty } from "./names";

export const checkLifecycle: Check = (c) => {
  const lifecycle = c.blueprint.lifecycle;
  if (!lifecycle) return;
  lifecycle.stages.forEach((stage, i) => {
    const path = ["lifecycle", "stages", i, "criteria"];
    const criteria = stage.criteria;
    if (!criteria) return;
    if (criteria.score)
      expectProperty(c.findings, c.names, [...path, "score", "property"], "contacts", criteria.score.property);
    (criteria.requires ?? []).forEach((p, j) =>
      expectProperty(c.findings, c.names, [...path, "requires", j], "contacts", p),
    );
    checkConditions(c, [...path, "when"], criteria.when, "contacts");
  });
  const handoff = lifecycle.handoff;
  if (!handoff) return;
  const keys = lifecycle.stages.map((s) => s.key);
  const path = ["lifecycle", "handoff"];
  const from = expectKnown(c.findings, [...path, "from"], handoff.from, keys, "lifecycle stage");
  const to = expectKnown(c.findings, [...path, "to"], handoff.to, keys, "lifecycle stage");
  if (from && to && keys.indexOf(handoff.from) >= keys.indexOf(handoff.to)) {
    c.findings.error(
      [...path, "to"],
      `the handoff goes from ${handoff.from} to ${handoff.to}, which comes before it in lifecycle.stages`,
    );
  }
  const reject = handoff.onReject;
  expectNotifyTargets(c.findings, c.names, [...path, "onReject", "notify"], reject.notify);
  if (reject.returnTo)
    expectKnown(c.findings, [...path, "onReject", "returnTo"], reject.returnTo, keys, "lifecycle stage");
  expectProperty(c.findings, c.names, [...path, "onReject", "reasonProperty"], "contacts", reject.reasonProperty);
  const declared = c.blueprint.properties.contacts?.[reject.reasonProperty];
  if (declared && declared.type !== "enumeration") {
    c.findings.warn(
      [...path, "onReject", "reasonProperty"],
      `${reject.reasonProperty} is ${declared.type}: an enumeration lets you report rejections by reason`,
    );
  }
};
