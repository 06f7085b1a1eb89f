import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { startN8nWorker, type RunningN8nWorker } from "../../../src/runtime/n8n";
import { startHarness, type Harness } from "../../support/n8n-harness";
import { queueModeEnv, queueModeInstalled, startPostgres, startRedis, type Service } from "../../support/queue-mode";
import {
  blueprint,
  burst,
  burstHarness,
  expectSplitWithinOne,
  oneAtATime,
  ownersInCrm,
  props,
  tally,
} from "../../support/routing-bursts";

// n8n in queue mode, as a team that outgrows one n8n process runs it: the main instance takes the webhooks and puts
// the executions in Redis, two workers run them against one PostgreSQL database. The routing log keeps a burst exact.
const install = findN8nInstall();
const skip = (!install.complete || !queueModeInstalled()) && !process.env.CI;
if (skip) console.warn("queue-mode tests skipped: needs npm run setup:n8n, redis-server and postgresql installed");

describe.skipIf(skip)("routing in n8n's queue mode: Redis, PostgreSQL, a main instance and two workers", () => {
  let redis: Service | undefined;
  let postgres: Service | undefined;
  let h: Harness | undefined;
  const workers: RunningN8nWorker[] = [];
  const ids: string[] = [];
  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    const env = queueModeEnv(redis, postgres);
    h = await startHarness(burstHarness({ n8nEnv: env }));
    workers.push(...(await Promise.all([startN8nWorker(h.n8n, env), startN8nWorker(h.n8n, env)])));
    await h.apply(blueprint);
    for (let i = 0; i < 100; i++) ids.push(await h.newLead({ email: `queued${i}@example.test`, ...props(i) }));
  }, 300_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await h?.stop();
    await Promise.all([redis?.stop(), postgres?.stop()]);
  }, 60_000);

  it("routes a burst exactly once across two workers, and a second delivery moves none", async () => {
    const answers = await burst(h!, ids, 25);
    const crm = await ownersInCrm(h!, ids);
    expect(crm.filter((o) => !o)).toEqual([]);
    expect(answers.map((a) => a.ownerId)).toEqual(crm);
    expect(answers.filter((a) => a.alreadyRouted)).toEqual([]);
    expectSplitWithinOne(
      tally(crm.map((id) => h!.ownerEmail(id!)!)),
      oneAtATime(
        h!,
        ids.map((id, i) => ({ id, i })),
      ),
    );
    // Both workers ran routing executions: the main instance only queued them.
    for (const w of workers) expect(readFileSync(w.logFile, "utf8")).toMatch(/Worker started execution/);

    const again = await burst(h!, ids, 25);
    expect(again.filter((a) => !a.alreadyRouted)).toEqual([]);
    expect(again.map((a) => a.ownerId)).toEqual(crm);
    expect(await ownersInCrm(h!, ids)).toEqual(crm);
  }, 600_000);
});
