import { hubspotPaths as P } from "../../clients/hubspot/api-version";
import type { Blueprint } from "../../blueprint/model";
import { metricRequirements, type PropertyRequirement } from "../instrumentation";
import { EVENTS_RUNTIME } from "./automation-runtime";
import { AutomationError, pollSeconds } from "./automations";
import { code, crmRequest, pipelineIds, scheduleNode, type N8nTarget } from "./nodes";
import { settings, type CompiledWorkflow } from "./compiled";
import { FIRST_TOUCH_PROPERTIES } from "./routing";
import { WorkflowBuilder } from "./workflow-builder";

/** HubSpot's own original-source property, read when the blueprint declares no `lead_source`. */
const CRM_SOURCE_PROPERTY = "hs_analytics_source";
const DECLARED_SOURCE_PROPERTY = "lead_source";

/**
 * Stamps what the metrics read and routing does not write: stage and lifecycle entry times, first and last
 * touch source, first touch. Polls the CRM's search API for deals and contacts modified since a cursor with
 * the automations' poller (one page of 100 per object per run; a full page continues on the next run) and
 * PATCHes only what is missing or changed, so its own writes find nothing to do on the next poll.
 */
export function compileInstrumentation(bp: Blueprint, target: N8nTarget): CompiledWorkflow[] {
  const needs = metricRequirements(bp).properties.filter((p) => !("routed" in p.stampedWhen));
  if (needs.length === 0) return [];
  const pollMs = pollSeconds(target) * 1000;
  const objects = (["deals", "contacts"] as const)
    .map((object) =>
      stampConfig(
        bp,
        object,
        needs.filter((p) => p.object === object),
        target,
      ),
    )
    .filter((c) => c !== undefined)
    .map((c) => ({ ...c, kind: "recordModified", pollMs }));

  const wf = new WorkflowBuilder("instrumentation");
  const state = (object: string) => `(s[${object}] = s[${object}] || {})`;
  const start = wf.add(scheduleNode("Poll the CRM", undefined, pollSeconds(target)), 0);
  const window = wf.add(
    code(
      "Poll window",
      `${EVENTS_RUNTIME}\nconst s = $getWorkflowStaticData('global');\n` +
        `return ${JSON.stringify(objects)}.map((t) => ({ json: { object: t.object, ...pollRequest(t, ${state("t.object")}, Date.now()) } }));\n`,
    ),
    1,
  );
  const search = wf.add(
    crmRequest(target, "Search the CRM", "POST", `${P.objects}/{{ $json.object }}/search`, "$json.search"),
    2,
  );
  const stamps = wf.add(
    code(
      "What to stamp",
      `${EVENTS_RUNTIME}\n${STAMPS_RUNTIME}\nconst config = ${JSON.stringify(objects)};\nconst s = $getWorkflowStaticData('global');\n` +
        `const windows = $('Poll window').all().map((i) => i.json);\nconst out = [];\n` +
        `$input.all().forEach((item, i) => {\n  const w = windows[i];\n  const t = config.find((c) => c.object === w.object);\n` +
        `  for (const r of newEvents(t, w, item.json.results || [], ${state("w.object")}, item.json.paging)) {\n` +
        `    const properties = stampsFor(t, r.properties, Date.now());\n` +
        `    if (Object.keys(properties).length) out.push({ json: { object: w.object, id: r.id, properties } });\n  }\n});\nreturn out;\n`,
    ),
    3,
  );
  const patch = wf.add(
    crmRequest(
      target,
      "Stamp in the CRM",
      "PATCH",
      `${P.objects}/{{ $json.object }}/{{ $json.id }}`,
      "{ properties: $json.properties }",
    ),
    4,
  );
  wf.chain(start, window, search, stamps, patch);
  const pipelines = [
    ...new Set(needs.flatMap((p) => ("stageEntered" in p.stampedWhen ? [p.stampedWhen.stageEntered.pipeline] : []))),
  ].sort();
  return [
    {
      key: "instrumentation",
      definition: wf.build(bp.metadata.name, settings(bp)),
      webhooks: [],
      active: true,
      pipelines,
    },
  ];
}

/** What the runtime needs for one object: which property each event stamps, and what to read. */
function stampConfig(bp: Blueprint, object: "deals" | "contacts", needs: PropertyRequirement[], target: N8nTarget) {
  if (needs.length === 0) return undefined;
  const source = bp.properties[object]?.[DECLARED_SOURCE_PROPERTY] ? DECLARED_SOURCE_PROPERTY : CRM_SOURCE_PROPERTY;
  // Stage key ("<pipelineId>/<stageId>" for deals, the lifecycle stage for contacts) → the property it stamps.
  const entered: Record<string, string> = {};
  const config: { firstTouch?: string; firstSource?: string; lastSource?: string } = {};
  // An enumeration refuses other values, and a refused value would fail the whole PATCH (entry times too).
  const options: Record<string, string[]> = {};
  for (const p of needs) {
    const when = p.stampedWhen;
    if (p.options) options[p.name] = p.options.map((o) => o.value);
    if ("stageEntered" in when) {
      const { pipeline, stage } = when.stageEntered;
      const ids = pipelineIds(bp, target, pipeline);
      if (!ids?.stages[stage])
        throw new AutomationError(
          `instrumentation: needs the CRM ids of ${pipeline}/${stage}: apply the CRM part first`,
        );
      entered[`${ids.id}/${ids.stages[stage]}`] = p.name;
    } else if ("lifecycleEntered" in when) entered[when.lifecycleEntered.stage] = p.name;
    else if ("firstTouch" in when) config.firstTouch = p.name;
    else if ("source" in when) config[when.source === "first_touch" ? "firstSource" : "lastSource"] = p.name;
  }
  const read = [
    object === "deals" ? "hs_lastmodifieddate" : "lastmodifieddate",
    ...(object === "deals" ? ["pipeline", "dealstage"] : ["lifecyclestage"]),
    ...Object.keys(entered).flatMap((key) => historyProperties(object, key.split("/").pop()!)),
    ...(config.firstTouch ? FIRST_TOUCH_PROPERTIES : []),
    ...(config.firstSource || config.lastSource ? [source] : []),
    ...needs.map((p) => p.name),
  ];
  return { object, properties: [...new Set(read)].sort(), entered, source, options, ...config };
}

/** Where HubSpot keeps when a record entered a stage: deals by stage id; contacts by lifecycle stage, in two generations. */
const historyProperties = (object: "deals" | "contacts", stage: string) =>
  object === "deals"
    ? [`hs_v2_date_entered_${stage}`]
    : [`hs_v2_date_entered_${stage}`, `hs_lifecyclestage_${stage}_date`];

/**
 * Runs in the Code node (source text, like the other runtimes). A stamp of an entry or a first is written
 * once; the last-touch source follows the source. Entry times come from HubSpot's own stage history when it
 * has one (the exact moment, also for stages passed between two polls), else, for the current stage, the time
 * the poll noticed.
 *
 * First touch is what the SLA timers count as touched (FIRST_TOUCH_PROPERTIES: a first_touch_at written by
 * the team's tools, or HubSpot's notes_last_contacted), so the report's SLA compliance and the breaches the
 * timers raised agree on the same leads.
 */
const STAMPS_RUNTIME = String.raw`
function stampsFor(t, p, now) {
  const out = {};
  const known = (v) => v !== undefined && v !== null && v !== "";
  const fits = (name, value) => known(value) && (!t.options[name] || t.options[name].includes(String(value)));
  const once = (name, value) => { if (name && fits(name, value) && !known(p[name])) out[name] = String(value); };
  const current = t.object === "deals" ? p.pipeline + "/" + p.dealstage : p.lifecyclestage;
  for (const [key, name] of Object.entries(t.entered)) {
    if (t.object === "deals" && !key.startsWith(p.pipeline + "/")) continue;
    const stage = key.split("/").pop();
    const history = p["hs_v2_date_entered_" + stage] || p["hs_lifecyclestage_" + stage + "_date"];
    once(name, history || (key === current ? new Date(now).toISOString() : undefined));
  }
  once(t.firstTouch, ${JSON.stringify(FIRST_TOUCH_PROPERTIES)}.map((k) => p[k]).find(known));
  once(t.firstSource, p[t.source]);
  if (t.lastSource && fits(t.lastSource, p[t.source]) && p[t.lastSource] !== p[t.source]) out[t.lastSource] = p[t.source];
  return out;
}
`;
