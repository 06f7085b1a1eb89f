/**
 * Captures `pulumi preview --json` from a REAL engine run against the sandbox, as fixtures for the preview and
 * drift renderers: a first preview (everything created), a refresh preview after hand edits in the portal (also a
 * team renamed), a refresh preview after repairing them (nothing to do), and a preview of a blueprint edit.
 * Run it from vitest (the test helpers it uses import vitest): a one-line test file that awaits `main()`, e.g.
 * `it("capture", { timeout: 600_000 }, () => main())` (needs `npm run setup:pulumi` and `npm run build`).
 * It refuses to write a fixture that contains the token.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { EngineStack } from "../support/engine";
import { dealPipeline, stageOf } from "../support/portal";
import { api, sandbox, TOKEN } from "../providers/helpers";

const out = (name: string) => path.join(__dirname, "fixtures/engine", `${name}.json`);

/** The serialized provider is the same few kilobytes in every state: the fixtures keep its start, marked. */
function trimProviders(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(trimProviders);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === "__provider" && typeof v === "string" ? `${v.slice(0, 120)}… (trimmed in the fixture)` : trimProviders(v),
    ]),
  );
}

async function save(name: string, text: string): Promise<void> {
  if (text.includes(TOKEN)) throw new Error(`${name}: the engine JSON contains the token; not saved`);
  // Temp paths and ports differ on every run; fixtures keep stable placeholders.
  const stable = JSON.stringify(trimProviders(JSON.parse(text)), null, 2)
    .replace(/\/tmp\/revstack-[\w-]+/g, "/tmp/revstack-capture")
    .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");
  await writeFile(out(name), stable);
  console.log(`wrote ${path.relative(process.cwd(), out(name))} (${text.length} bytes)`);
}

async function ticketPipeline(sb: Awaited<ReturnType<typeof sandbox>>): Promise<{ id: string }> {
  const found = (await api(sb, "GET", "/crm/pipelines/2026-09/tickets")).results.find(
    (p: { label: string }) => p.label === "Support",
  );
  if (!found) throw new Error("no Support ticket pipeline");
  return found;
}

export async function main(): Promise<void> {
  const sb = await sandbox({ tier: 250 });
  const dir = await mkdtemp(path.join(tmpdir(), "revstack-capture-"));
  const blueprint = path.join(dir, "blueprint.yaml");
  await copyFile(path.join(__dirname, "fixtures/plan-base.yaml"), blueprint);
  const engine = await EngineStack.open("capture", {
    config: { "revstack:blueprint": blueprint, "hubspot:baseUrl": sb.url, "hubspot:portalId": String(sb.portalId) },
    secrets: { "hubspot:token": TOKEN },
  });
  try {
    await save("preview-create", (await engine.previewJson()).text);
    console.log("up:", await engine.up());

    const nb = await dealPipeline(sb, "New Business");
    const stages = `/crm/pipelines/2026-09/deals/${nb.id}/stages`;
    await api(sb, "PATCH", `${stages}/${stageOf(nb, "Discovery").id}`, { label: "Disco" });
    await api(sb, "PATCH", `${stages}/${stageOf(nb, "Demo Scheduled").id}`, { metadata: { probability: "0.5" } });
    await api(sb, "POST", stages, { label: "Added by hand", displayOrder: 9, metadata: { probability: "0.3" } });
    await api(sb, "PATCH", "/crm/properties/2026-09/contacts/lead_source", {
      options: [
        { value: "demo_request", label: "Demo request", displayOrder: 0, hidden: false },
        { value: "other", label: "Other", displayOrder: 1, hidden: false },
      ],
    });
    await api(sb, "PATCH", "/crm/properties/2026-09/deals/loss_reason", { label: "Why we lost" });
    await api(sb, "DELETE", `/crm/pipelines/2026-09/tickets/${(await ticketPipeline(sb)).id}`);
    const teams = "/settings/teams/2026-09-beta";
    const sdr = (await api(sb, "GET", teams)).results.find((t: { name: string }) => t.name === "Inbound SDR");
    await api(sb, "PATCH", `${teams}/${sdr.id}`, { name: "SDR (inbound)", parentTeamId: null });
    await save("drift", (await engine.previewJson({ refresh: true })).text);

    console.log("up --refresh:", await engine.up({ refresh: true }));
    await save("no-drift", (await engine.previewJson({ refresh: true })).text);

    const yaml = await readFile(blueprint, "utf8");
    await writeFile(
      blueprint,
      yaml
        .replace("label: Demo Scheduled, probability: 0.3", "label: Demo Booked, probability: 0.4")
        .replace("      - { key: proposal, label: Proposal Sent, probability: 0.6, requires: [amount] }\n", "")
        .replace(
          "      - { key: lost, label: Closed Lost, probability: 0.0, closed: lost }\n",
          "      - { key: lost, label: Closed Lost, probability: 0.0, closed: lost }\n" +
            "      - { key: security, label: Security Review, probability: 0.7 }\n" +
            "    retiredStages:\n      - { key: proposal, moveTo: demo }\n",
        )
        .replace(
          "        - { value: other, label: Other }\n",
          "        - { value: other, label: Other }\n        - { value: partner, label: Partner }\n",
        )
        .replace("  deals:\n    loss_reason: { label: Loss reason, type: string, group: revstack_qualification }\n", "")
        .replace("    label: Support\n", "    label: Customer Support\n"),
    );
    await save("preview-edit", (await engine.previewJson()).text);
    console.log("destroy:", await engine.destroy());
  } finally {
    await engine.dispose();
    await sb.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

// Run directly (tsx), or imported and awaited from vitest, which the test helpers this script uses need.
if (process.argv[1]?.endsWith("capture-engine-json.ts")) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
