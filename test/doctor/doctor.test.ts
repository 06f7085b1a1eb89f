import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDoctor } from "../../src/doctor";
import { publishedOperation } from "../../src/clients/hubspot/published";
import { probesFor } from "../../src/doctor/operations";
import { crmPlan } from "../../src/plan/crm";
import { startSandbox, type Sandbox } from "../../src/sandbox";
import { loadValid } from "../support/compile";
import { startN8n, type RunningN8n } from "../../src/runtime/n8n";
import { admin } from "../sandbox/helpers";
import { register as doctorCommand } from "../../src/cli/commands/doctor";
import { runCommands, withEnv } from "../review/cli";

/**
 * `revstack doctor --stack <name>` against the sandbox playing a real portal: all ✓ on a good stack, and a clear ✗
 * with what to do on a wrong portal id, a token lacking a scope, a path that answers 404 and an n8n that is not there.
 */
const FULL = "pat-full-token";
const NO_USER_WRITES = "pat-no-user-writes";
const BLUEPRINT = resolve("test/plan/n8n/fixtures/acme.yaml");

let sb: Sandbox;
let dir: string;
beforeAll(async () => {
  sb = await startSandbox({
    tokens: [FULL, NO_USER_WRITES],
    // Every scope the blueprint needs but settings.users.write.
    tokenScopes: {
      [NO_USER_WRITES]: [
        "crm.objects.deals.read",
        "crm.objects.deals.write",
        "tickets",
        "crm.objects.contacts.read",
        "crm.objects.companies.read",
        "crm.schemas.contacts.read",
        "crm.schemas.contacts.write",
        "crm.schemas.deals.read",
        "crm.schemas.deals.write",
        "crm.objects.owners.read",
        "settings.users.read",
        "settings.users.teams.read",
        "settings.users.teams.write",
      ],
    },
    tier: 190,
  });
  dir = mkdtempSync(join(tmpdir(), "revstack-doctor-"));
  writeFileSync(join(dir, "Pulumi.yaml"), "name: doctor\nruntime: nodejs\nstackConfigDir: stacks\n");
  mkdirSync(join(dir, "stacks"));
  copyFileSync(BLUEPRINT, join(dir, "blueprint.yaml"));
  stackFile("good", { "hubspot:portalId": String(sb.portalId) });
  stackFile("wrong-portal", { "hubspot:portalId": String(sb.portalId + 1) });
  stackFile("no-n8n-there", { "hubspot:portalId": String(sb.portalId), "n8n:baseUrl": "http://127.0.0.1:9" });
});
afterAll(async () => {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

function stackFile(stack: string, config: Record<string, string>): void {
  const all = { "revstack:blueprint": "blueprint.yaml", "hubspot:baseUrl": sb.url, ...config };
  const lines = Object.entries(all).map(([k, v]) => `  ${k}: "${v}"`);
  writeFileSync(join(dir, "stacks", `Pulumi.${stack}.yaml`), `config:\n${lines.join("\n")}\n`);
}

async function doctor(stack: string, token = FULL): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await runDoctor(stack, { cwd: dir, env: { HUBSPOT_TOKEN: token }, out: (l) => lines.push(l) });
  return { code, text: lines.join("\n") };
}

const users = async (): Promise<number> => {
  const res = await fetch(`${sb.url}/settings/users/2026-03`, { headers: { Authorization: `Bearer ${FULL}` } });
  return ((await res.json()) as { results: unknown[] }).results.length;
};

describe("revstack doctor", () => {
  it("probes only operations HubSpot publishes for the 2026 generation", async () => {
    const probes = probesFor(crmPlan(await loadValid(BLUEPRINT)));
    expect(probes.length).toBeGreaterThan(10);
    expect(probes.filter((p) => publishedOperation(p.method, p.path)?.generation !== "2026")).toEqual([]);
  });

  it("all ✓ and exit 0 on a good stack, and nothing is written", async () => {
    const before = await users();
    const { code, text } = await doctor("good");
    expect(text).not.toMatch(/✗/);
    expect(text).toMatch(/✓ HubSpot accepts the token/);
    expect(text).toMatch(new RegExp(`✓ portal ${sb.portalId}, as hubspot:portalId says`));
    expect(text).toMatch(/✓ scope settings\.users\.write/);
    expect(text).toMatch(/✓ GET \/settings\/teams\/2026-09-beta answers/);
    expect(text).toMatch(/✓ rate limit: 190 requests per 10 s \(Professional or Enterprise\)/);
    expect(text).toMatch(/✓ no n8n:baseUrl/);
    expect(code).toBe(0);
    expect(await users()).toBe(before);
    expect(text).not.toContain(FULL);
  });

  it("fails clearly on a wrong portal id (through the CLI, as a user runs it)", async () => {
    const { code, stdout: text } = await withEnv({ HUBSPOT_TOKEN: FULL }, () =>
      runCommands([doctorCommand], ["doctor", "--stack", "wrong-portal", "--cwd", dir]),
    );
    expect(text).toContain(`✗ the token belongs to portal ${sb.portalId}, but hubspot:portalId is ${sb.portalId + 1}`);
    expect(text).toMatch(/→ use a token of portal/);
    expect(code).toBe(1);
  });

  it("fails clearly on a token lacking a scope", async () => {
    const { code, text } = await doctor("good", NO_USER_WRITES);
    expect(text).toMatch(/✗ scope settings\.users\.write is missing\n {4}→ grant settings\.users\.write/);
    expect(text).toMatch(/✓ scope settings\.users\.read/);
    expect(code).toBe(1);
  });

  it("fails clearly on a path that answers 404", async () => {
    await admin(sb, "POST", "/__sandbox/faults", { missing: ["GET /settings/teams/2026-09-beta"] });
    try {
      const { code, text } = await doctor("good");
      expect(text).toMatch(/✗ GET \/settings\/teams\/2026-09-beta answers 404\n {4}→ this portal does not serve/);
      expect(code).toBe(1);
    } finally {
      await admin(sb, "POST", "/__sandbox/faults", {});
    }
  });

  it("fails clearly on a refused token and on an n8n that does not answer", async () => {
    expect((await doctor("good", "pat-unknown")).text).toMatch(
      /✗ HubSpot refuses the token \(401 INVALID_AUTHENTICATION\)/,
    );
    const { code, text } = await doctor("no-n8n-there");
    expect(text).toMatch(/✗ n8n does not answer at http:\/\/127\.0\.0\.1:9/);
    expect(code).toBe(1);
  });

  it("says what is wrong with the stack itself", async () => {
    const { code, text } = await doctor("missing");
    expect(text).toMatch(/✗ stack missing not found/);
    expect(code).toBe(1);
  });
});

describe("revstack doctor with a real n8n", () => {
  let n8n: RunningN8n;
  beforeAll(async () => {
    n8n = await startN8n();
    stackFile("with-n8n", { "hubspot:portalId": String(sb.portalId), "n8n:baseUrl": n8n.baseUrl });
  }, 120_000);
  afterAll(() => n8n?.stop());

  it("✓ when n8n answers and accepts the key; ✗ with what to do when the key is wrong", async () => {
    const run = async (key: string) => {
      const lines: string[] = [];
      const code = await runDoctor("with-n8n", {
        cwd: dir,
        env: { HUBSPOT_TOKEN: FULL, N8N_API_KEY: key },
        out: (l) => lines.push(l),
      });
      return { code, text: lines.join("\n") };
    };
    const good = await run(n8n.apiKey);
    expect(good.text).toContain(`✓ n8n at ${n8n.baseUrl} answers and accepts the API key`);
    expect(good.text).toMatch(/✓ n8n (does not show its version|2\.)/);
    expect(good.code).toBe(0);
    const wrong = await run("not-the-key");
    expect(wrong.text).toMatch(/✗ n8n at .* refuses the API key \(401\)\n {4}→ create an API key in n8n/);
    expect(wrong.text).not.toContain(n8n.apiKey);
    expect(wrong.code).toBe(1);
  });
});
