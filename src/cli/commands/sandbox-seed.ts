import { InvalidArgumentError, type Command } from "commander";
import { seedPortal } from "../../seed";
import type { TargetFlags } from "../../reporting/target";
import type { ExitWith } from "../shared/command";
import { failed, instant, targetAndBlueprint } from "../shared/target";

interface SeedFlags extends TargetFlags {
  seed: number;
  deals: number;
  contacts: number;
  historyDays: number;
  asOf?: number;
}

const MAX_RECORDS = 200_000;

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_RECORDS)
    throw new InvalidArgumentError(`expected a whole number from 0 to ${MAX_RECORDS}`);
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number >= 1");
  return n;
}

/** Today at 00:00 UTC: the same seed gives the same records all day. */
const today = () => Math.floor(Date.now() / 86_400_000) * 86_400_000;

async function run(flags: SeedFlags): Promise<number> {
  const resolved = await targetAndBlueprint("sandbox-seed", flags);
  if (!resolved) return 1;
  const { target, blueprint } = resolved;
  try {
    const started = Date.now();
    const result = await seedPortal({ baseUrl: target.baseUrl, token: target.token }, blueprint, {
      seed: flags.seed,
      deals: flags.deals,
      contacts: flags.contacts,
      historyDays: flags.historyDays,
      asOf: flags.asOf ?? today(),
    });
    process.stdout.write(
      result.alreadySeeded
        ? `the portal already holds the records of seed ${flags.seed}; nothing written\n`
        : `seeded ${result.contacts} leads and ${result.deals} deals (seed ${flags.seed}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return 0;
  } catch (err) {
    return failed("sandbox-seed", err);
  }
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("sandbox-seed")
    .description("write deterministic leads and deals with stage history into a portal (for demos and tests)")
    .option("--stack <name>", "stack whose blueprint and portal to seed")
    .option("--blueprint <file>", "blueprint file")
    .option("--base-url <url>", "HubSpot API base URL, e.g. the sandbox's")
    .option(
      "--token <t>",
      "HubSpot private app token or service key (default: env HUBSPOT_TOKEN, else the stack's secret)",
    )
    .option("--seed <n>", "random seed: the same seed gives the same records", positive, 1)
    .option("--deals <n>", "how many deals", count, 800)
    .option("--contacts <n>", "how many leads (contacts)", count, 1500)
    .option("--history-days <n>", "how far back records are created", positive, 540)
    .option("--as-of <date>", "the present of the generated history (default: today 00:00 UTC)", instant)
    .action(async (flags: SeedFlags) => exit(await run(flags)));
}
