// Helpers for tests that compile blueprints to n8n workflows without a CRM.
import { loadBlueprint } from "../../src/blueprint";
import type { Blueprint } from "../../src/blueprint/model";

/** A blueprint file that must load without errors. */
export async function loadValid(file: string): Promise<Blueprint> {
  const { blueprint, diagnostics } = await loadBlueprint(file);
  if (!blueprint) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return blueprint;
}

/** Made-up CRM ids for every pipeline and stage, as the CRM resources would output them. */
export const fakeCrmIds = (bp: Blueprint) => ({
  pipelines: Object.fromEntries(
    Object.entries(bp.pipelines).map(([key, p], i) => [
      key,
      { id: `p${i}`, stages: Object.fromEntries(p.stages.map((s, j) => [s.key, `p${i}s${j}`])) },
    ]),
  ),
});

/** Made-up ids of the credentials the webhooks check callers with, as the credential resources would output them. */
export const fakeCallers = {
  secret: { id: "cred-webhook", name: "revstack webhook secret" },
  internal: { id: "cred-internal", name: "revstack internal calls" },
};

/** A target with a made-up CRM, n8n and credentials, for tests that only compile. */
export const fakeTarget = (bp: Blueprint) => ({
  crmBaseUrl: "http://127.0.0.1:18080/",
  crmCredential: { id: "cred-1", name: "revstack crm" },
  callers: fakeCallers,
  n8nBaseUrl: "http://127.0.0.1:5678",
  crmIds: fakeCrmIds(bp),
});
