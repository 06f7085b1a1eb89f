import { loadBlueprint, formatDiagnostic } from "../blueprint";
import { crmPlan } from "../plan/crm";
import { findProjectDir } from "../project/paths";
import { readStackConfig, resolveTarget, stackSecret, TargetError } from "../reporting/target";
import { callerWarning } from "../plan/n8n/exposure";
import { doctorChecks, type Answer, type CheckLine, type DoctorCheck, type DoctorContext } from "./checks";
import { probesFor, type Probe } from "./operations";

export { doctorChecks, type CheckLine, type DoctorCheck, type DoctorContext } from "./checks";

const TIMEOUT_MS = 15_000;

/**
 * `revstack doctor --stack <name>`: a read-only first contact with the stack's portal and n8n. Prints one ✓/✗ line
 * per check (with what to do for each ✗) and resolves to the exit code: 0 when every line is ✓, 1 otherwise.
 * Nothing is written: reads, and write probes HubSpot must refuse as invalid (./operations).
 */
export async function runDoctor(
  stack: string,
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; out?: (line: string) => void; checks?: DoctorCheck[] } = {},
): Promise<number> {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const out = opts.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  let ctx: DoctorContext;
  try {
    ctx = await contextFor(stack, cwd, env);
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    out(`✗ ${err.message}`);
    return 1;
  }
  out(`revstack doctor: stack ${stack} → HubSpot ${ctx.hubspot.baseUrl}${ctx.n8n ? `, n8n ${ctx.n8n.baseUrl}` : ""}`);
  let ok = true;
  for (const check of opts.checks ?? doctorChecks) {
    for (const line of await check(ctx)) {
      ok &&= line.ok;
      out(format(line));
    }
  }
  out(
    ok
      ? "All checks passed: this stack can be applied here."
      : "Some checks failed: fix the ✗ lines above, then run doctor again.",
  );
  return ok ? 0 : 1;
}

const format = (line: CheckLine): string => (line.ok ? `✓ ${line.what}` : `✗ ${line.what}\n    → ${line.fix ?? ""}`);

async function contextFor(stack: string, cwd: string, env: NodeJS.ProcessEnv): Promise<DoctorContext> {
  const target = await resolveTarget({ stack }, cwd, env);
  const { blueprint, diagnostics } = await loadBlueprint(target.blueprint);
  if (!blueprint)
    throw new TargetError(`the blueprint has errors:\n${diagnostics.map((d) => formatDiagnostic(d)).join("\n")}`);
  const config = readStackConfig(stack, cwd);
  const n8nBaseUrl = typeof config["n8n:baseUrl"] === "string" ? config["n8n:baseUrl"] : undefined;
  const apiKey = n8nBaseUrl
    ? env.N8N_API_KEY ||
      (await stackSecret("n8n:apiKey", stack, findProjectDir(cwd) ?? cwd, env, "N8N_API_KEY").catch(() => undefined))
    : undefined;
  const answers = new Map<Probe, Promise<Answer>>();
  const probes = probesFor(crmPlan(blueprint));
  // Presence only: a secret's value stays encrypted in the stack file.
  const set = (key: string) =>
    config[key] === undefined || config[key] === null || config[key] === "" ? undefined : "set";
  const webhookExposure = callerWarning(blueprint, (key) => (key === "n8n:baseUrl" ? n8nBaseUrl : set(key)));

  return {
    stack,
    hubspot: { baseUrl: target.baseUrl, ...(target.portalId !== undefined ? { portalId: target.portalId } : {}) },
    ...(n8nBaseUrl ? { n8n: { baseUrl: n8nBaseUrl, ...(apiKey ? { apiKey } : {}) } } : {}),
    ...(webhookExposure ? { webhookExposure } : {}),
    probes,
    answer(probe) {
      let answer = answers.get(probe);
      if (!answer) {
        answer = request(
          `${trim(target.baseUrl)}${probe.path}`,
          probe.method,
          { Authorization: `Bearer ${target.token}` },
          probe.body,
        );
        answers.set(probe, answer);
      }
      return answer;
    },
    n8nGet: (path, key) => request(`${trim(n8nBaseUrl ?? "")}${path}`, "GET", key ? { "X-N8N-API-KEY": key } : {}),
  };
}

const trim = (url: string): string => url.replace(/\/+$/, "");

/** One request; never throws: no answer is status 0. The token goes only in the header, never in a line printed. */
async function request(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed };
  } catch {
    return { status: 0, headers: new Headers(), body: undefined };
  }
}
