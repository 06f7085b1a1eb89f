import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { Blueprint } from "../../src/blueprint/model";
import { readCrm } from "../../src/reporting/read-crm";
import { writeReport, type ReportRun } from "../../src/reporting/run";
import { caseSample } from "../../src/routing/cases";
import { startSandbox, type Sandbox } from "../../src/sandbox";
import { seedPortal } from "../../src/seed";
import { applyCrm } from "../support/apply-crm";
import { pulumiBinDir } from "../support/engine";
import { contactBatches, dealBatches, type PortalIds } from "../../src/seed/generate";

const BLUEPRINT = join(__dirname, "../../blueprints/base.yaml");
const BIN = join(__dirname, "../../bin/revstack.js");
const blueprint = Blueprint.parse(YAML.parse(readFileSync(BLUEPRINT, "utf8")));
const AS_OF = Date.UTC(2026, 10, 1);
const TOKEN = "report-test-token-3f9c";
const opts = { seed: 11, deals: 300, contacts: 500, asOf: AS_OF, historyDays: 540 };
const tmp = mkdtempSync(join(tmpdir(), "revstack-report-"));

interface ChartSeen {
  kind: string;
  id: string;
  width: number;
  labels: number;
  values: number;
}

let sb: Sandbox;
let run: ReportRun;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, tier: 250, tokens: [TOKEN] });
  await applyCrm({ baseUrl: sb.url, token: TOKEN }, blueprint);
  await seedPortal({ baseUrl: sb.url, token: TOKEN }, blueprint, opts);
  const sample = await caseSample(BLUEPRINT);
  run = await writeReport({ baseUrl: sb.url, token: TOKEN }, blueprint, join(tmp, "out"), AS_OF, sample);
});
afterAll(async () => {
  await sb?.stop();
});

describe("seeded data", () => {
  const portal: PortalIds = {
    pipelines: [
      {
        key: "new-business",
        id: "p1",
        stageIds: new Map(blueprint.pipelines["new-business"].stages.map((s, i) => [s.key, `s${i}`])),
      },
    ],
    ownerIds: new Map(blueprint.owners.map((o, i) => [o.email, String(100 + i)])),
    lifecycleOptions: new Set(["lead", "customer"]),
  };

  it("is the same for the same seed, different for another, and bounded in count", () => {
    const all = (seed: number) => [...dealBatches(blueprint, portal, { ...opts, seed })].flat();
    expect(all(11)).toEqual(all(11));
    expect(all(12)).not.toEqual(all(11));
    expect(all(11)).toHaveLength(300);
    expect([...contactBatches(blueprint, portal, opts)].every((b) => b.length <= 100)).toBe(true);
  });

  it("moves deals through stages over time, never after the present", () => {
    const deals = [...dealBatches(blueprint, portal, opts)].flat();
    for (const deal of deals) {
      const stamps = Object.entries(deal)
        .filter(([k]) => k.startsWith("revstack_entered_"))
        .map(([, v]) => Date.parse(v));
      expect(stamps.length).toBeGreaterThan(0);
      expect(Math.max(...stamps)).toBeLessThanOrEqual(AS_OF);
      expect(Math.min(...stamps)).toBeGreaterThanOrEqual(Date.parse(deal.createdate) - 1000);
    }
    const stages = new Set(deals.map((d) => d.dealstage));
    for (const stage of ["s0", "s5", "s6"]) expect(stages).toContain(stage); // discovery (open), won, lost
  });

  it("writes nothing when the portal already holds the seed's records", async () => {
    const again = await seedPortal({ baseUrl: sb.url, token: TOKEN }, blueprint, opts);
    expect(again).toMatchObject({ alreadySeeded: true, contacts: 0, deals: 0, apiCalls: 1 });
  });

  it("reads back through the API with stage history, owners and sources", async () => {
    const data = await readCrm({ baseUrl: sb.url, token: TOKEN }, blueprint, AS_OF);
    expect(data.deals).toHaveLength(300);
    expect(data.contacts).toHaveLength(500);
    const won = data.deals.filter((d) => d.pipeline === "new-business" && d.stage === "won");
    expect(won.length).toBeGreaterThan(0);
    expect(won.every((d) => d.entered[d.stage!] !== undefined)).toBe(true);
    const emails = new Set(blueprint.owners.map((o) => o.email));
    expect(data.deals.every((d) => d.ownerEmail && emails.has(d.ownerEmail))).toBe(true);
    expect(data.contacts.filter((c) => c.routingRule && c.assignedAt).length).toBe(500);
    expect(data.contacts.filter((c) => c.values.acquisition_source).length).toBeGreaterThan(400); // retention breaks down by it
  });
});

const ROUTING_KEYS = ["routing-load", "routing-sla", "routing-unrouted", "routing-capacity-model"];

describe("revstack report", () => {
  it("computes every metric of the blueprint from the portal and writes a Markdown summary", () => {
    const { model, files } = run;
    expect(model.deals).toBe(300);
    expect(model.metrics.map((m) => m.key)).toEqual([
      ...blueprint.reporting.metrics.map((m) => m.key),
      ...ROUTING_KEYS,
    ]);
    expect(model.metrics.every((m) => m.value !== null && m.sample > 0)).toBe(true);
    // 1 pipeline read, 1 owner page, per object a count and its pages of 100.
    expect(model.apiCalls).toBe(2 + (1 + 3) + (1 + 5));
    const md = readFileSync(files.markdown, "utf8");
    for (const m of model.metrics) expect(md).toContain(`| ${m.label} |`);
    expect(md).toContain("## Speed to lead");
    // The routing section: leads per owner, SLA per rule, unrouted leads, the capacity model at 1× and 2×.
    expect(md).toContain("## Routing");
    expect(md).toMatch(/- At 2× volume \(\d+ leads a day\), /);
    // Its capacity model routes the leads of the demo's test cases (blueprints/tests/base.yaml), not empty ones.
    const capacityModel = model.metrics.find((m) => m.key === "routing-capacity-model")!;
    expect(capacityModel.definition).toMatch(/, the leads of its \d+ test cases in turn,/);
    expect(capacityModel.rows.map((r) => r.label)).toEqual([
      "team customer-success",
      "team enterprise-ae",
      "team inbound-sdr",
      "team mid-market-ae",
    ]);
    expect(model.warnings).toEqual([]);
    for (const file of [files.html, files.markdown]) expect(readFileSync(file, "utf8")).not.toContain(TOKEN);
  });

  describe("report.html in headless Chromium", () => {
    let browser: BrowserContext;
    beforeAll(async () => {
      browser = await chromium.launchPersistentContext(mkdtempSync(join(tmp, "chromium-")), {
        executablePath: "/usr/bin/chromium",
        viewport: { width: 1300, height: 1800 },
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it("draws the funnel, time in stage, SLA and attribution charts with data, without console errors", async () => {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") problems.push(msg.text());
      });
      page.on("pageerror", (err) => problems.push(err.message));
      const requests: string[] = [];
      page.on("request", (req) => requests.push(req.url()));
      await page.goto(`file://${run.files.html}`);
      await page.waitForSelector("body[data-charts-drawn]");
      // Runs in the page (as text: this project compiles without DOM types).
      const charts = await page.evaluate<
        ChartSeen[]
      >(`[...document.querySelectorAll("canvas[data-kind]")].map((canvas) => {
        const chart = Chart.getChart(canvas);
        return {
          kind: canvas.getAttribute("data-kind"), id: canvas.id, width: canvas.width, labels: chart.data.labels.length,
          values: chart.data.datasets.flatMap((d) => d.data).filter((v) => typeof v === "number" && v > 0).length,
        };
      })`);
      expect(problems).toEqual([]);
      expect(requests.filter((u) => !u.startsWith("file://"))).toEqual([]);
      for (const kind of ["funnel", "time", "sla", "attribution"]) {
        const drawn = charts.filter((c) => c.kind === kind);
        expect(drawn.length, kind).toBeGreaterThan(0);
        for (const c of drawn) {
          expect(c.width, c.id).toBeGreaterThan(100);
          expect(c.labels, c.id).toBeGreaterThan(0);
          expect(c.values, c.id).toBeGreaterThan(0);
        }
      }
      expect(await page.locator("article.metric").count()).toBe(
        blueprint.reporting.metrics.length + ROUTING_KEYS.length,
      );
      const shot = join(tmp, "report.png");
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
    }, 60_000);
  });

  it("resolves --stack from stacks/Pulumi.<name>.yaml and HUBSPOT_TOKEN, and never prints the token", async () => {
    const root = mkdtempSync(join(tmp, "project-"));
    mkdirSync(join(root, "stacks"));
    writeFileSync(
      join(root, "stacks", "Pulumi.dev.yaml"),
      YAML.stringify({
        config: { "revstack:blueprint": BLUEPRINT, "hubspot:baseUrl": sb.url, "hubspot:token": { secure: "v1:abc" } },
      }),
    );
    const out = cli(root, { HUBSPOT_TOKEN: TOKEN });
    const code = await out.run(["report", "--stack", "dev", "--out", join(root, "report"), "--as-of", "2026-11-01"]);
    expect(code).toBe(0);
    expect(out.stdout()).toContain(`wrote ${join(root, "report", "report.html")}`);
    expect(out.stdout() + out.stderr()).not.toContain(TOKEN);
    expect(statSync(join(root, "report", "report.md")).size).toBeGreaterThan(0);

    // A blueprint whose pipelines the portal lacks still reports, and says what is missing.
    const other = join(root, "other.yaml");
    writeFileSync(other, readFileSync(BLUEPRINT, "utf8").replace("label: New Business", "label: Brand New Business"));
    const partial = cli(root, { HUBSPOT_TOKEN: TOKEN });
    expect(await partial.run(["report", "--stack", "dev", "--blueprint", other, "--out", join(root, "partial")])).toBe(
      0,
    );
    expect(partial.stderr()).toContain('warning: pipeline new-business ("Brand New Business") is not in the portal');
    expect(readFileSync(join(root, "partial", "report.md"), "utf8")).toContain("is not in the portal");

    const missing = cli(root, { HUBSPOT_TOKEN: TOKEN });
    expect(await missing.run(["report", "--stack", "nope", "--out", join(root, "x")])).toBe(1);
    expect(missing.stderr()).toContain("stack nope not found");
  }, 90_000); // three CLI processes, on a machine the whole suite shares
});

describe("revstack report --stack with the token as a Pulumi secret", () => {
  const bin = pulumiBinDir();
  it.skipIf(!bin)(
    "decrypts hubspot:token through pulumi config get with the stack's passphrase",
    async () => {
      const root = mkdtempSync(join(tmp, "pulumi-project-"));
      const env = {
        PATH: `${bin}:${process.env.PATH}`,
        PULUMI_CONFIG_PASSPHRASE: "report-test",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_HOME: join(root, ".pulumi-home"),
        HUBSPOT_TOKEN: "",
      };
      writeFileSync(
        join(root, "Pulumi.yaml"),
        YAML.stringify({
          name: "report-test",
          runtime: "nodejs",
          stackConfigDir: "stacks",
          backend: { url: `file://${join(root, "state")}` },
        }),
      );
      mkdirSync(join(root, "stacks"));
      mkdirSync(join(root, "state"));
      const pulumi = (...args: string[]) =>
        promisify(execFile)("pulumi", [...args, "--non-interactive"], {
          cwd: root,
          env: { ...process.env, ...env },
          timeout: 60_000,
        });
      await pulumi("stack", "init", "dev", "--secrets-provider", "passphrase");
      await pulumi("config", "set", "--secret", "hubspot:token", TOKEN, "--stack", "dev");
      await pulumi("config", "set", "revstack:blueprint", BLUEPRINT, "--stack", "dev");
      await pulumi("config", "set", "hubspot:baseUrl", sb.url, "--stack", "dev");
      expect(readFileSync(join(root, "stacks", "Pulumi.dev.yaml"), "utf8")).not.toContain(TOKEN);

      const { HUBSPOT_TOKEN: _unset, ...withoutToken } = env;
      const out = cli(root, withoutToken);
      expect(await out.run(["report", "--stack", "dev", "--out", join(root, "report"), "--as-of", "2026-11-01"])).toBe(
        0,
      );
      expect(out.stdout()).toContain("300 deals, 500 leads");
      expect(out.stdout() + out.stderr()).not.toContain(TOKEN);

      const locked = cli(root, { ...withoutToken, PULUMI_CONFIG_PASSPHRASE: "wrong" });
      expect(await locked.run(["report", "--stack", "dev", "--out", join(root, "x")])).toBe(1);
      expect(locked.stderr()).toContain("could not read hubspot:token of stack dev with pulumi");
      expect(locked.stderr()).not.toContain(TOKEN);
    },
    120_000,
  );
});

/** Runs the built CLI (`npm test` builds first) in `cwd` with extra environment, capturing its output. */
function cli(cwd: string, env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    run: (args: string[]) =>
      new Promise<number>((resolve) => {
        const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
        if (!("HUBSPOT_TOKEN" in env)) delete merged.HUBSPOT_TOKEN;
        execFile(process.execPath, [BIN, ...args], { cwd, env: merged, timeout: 60_000 }, (err, out, errOut) => {
          stdout = out;
          stderr = errOut;
          resolve(err ? (typeof err.code === "number" ? err.code : 1) : 0);
        });
      }),
  };
}
