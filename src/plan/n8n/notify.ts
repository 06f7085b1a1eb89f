import type { Blueprint } from "../../blueprint/model";
import { hubspotPaths as P } from "../../clients/hubspot/api-version";
import { automationLogTable } from "./automation-log";
import { insertRow, readRows } from "./data-table";
import { code, crmRequest, ifTrue, postJson, type N8nTarget } from "./nodes";
import { internalEntry, respond, signedPost } from "./callers";
import { settings, webhookPrefix, type CompiledWorkflow } from "./compiled";
import { WorkflowBuilder, type NodeSpec } from "./workflow-builder";
import { addCrmCall, answerOf } from "./rate-limits";

/**
 * Notifications (routing SLA `onBreach.notify` and `escalateTo`, automation `notify`) all go through one
 * "notifications" workflow: the routing and automation workflows POST each rendered notification to its
 * internal webhook (callers.ts: only n8n holds its secret), it refuses any target the blueprint does not declare
 * (so not even a leaked secret makes it a relay), and it delivers to Slack (chat.postMessage with a bot token), by email (n8n's Send Email node over
 * SMTP) and to the generic webhook (`revstack:notifyUrl`). Channel settings live in that one workflow and in
 * n8n credentials, so configuring a channel changes one workflow and no secret reaches a workflow definition.
 */

export type NotifyKind = "slack" | "email";

/** One place a blueprint notifies someone: a target, and where the blueprint says so. */
export interface NotifyUse {
  kind: NotifyKind;
  target: string;
  /** e.g. "routing rule enterprise-inbound (SLA breach)", "automation stalled-deal-nudge". */
  where: string;
  path: Array<string | number>;
}

/** What the stack configures: which channels can deliver. */
export interface NotifyChannels {
  slack: boolean;
  email: boolean;
  webhook: boolean;
}

export const kindOf = (target: string): NotifyKind => (target.startsWith("slack:") ? "slack" : "email");

/** Every notification target in the blueprint, in blueprint order. `escalateTo` is an email to that person. */
export function notificationUses(bp: Blueprint): NotifyUse[] {
  const uses: NotifyUse[] = [];
  bp.routing.forEach((rule, i) => {
    const breach = rule.sla?.onBreach;
    if (!breach) return;
    const where = `routing rule ${rule.key} (SLA breach)`;
    const path = ["routing", i, "sla", "onBreach"];
    if (breach.escalateTo)
      uses.push({ kind: "email", target: `${breach.escalateTo} (escalation)`, where, path: [...path, "escalateTo"] });
    (breach.notify ?? []).forEach((t, j) =>
      uses.push({ kind: kindOf(t), target: t, where, path: [...path, "notify", j] }),
    );
  });
  bp.routing.forEach((rule, i) =>
    (rule.onUnrouted?.notify ?? []).forEach((t, j) =>
      uses.push({
        kind: kindOf(t),
        target: t,
        where: `routing rule ${rule.key} (unrouted leads)`,
        path: ["routing", i, "onUnrouted", "notify", j],
      }),
    ),
  );
  bp.automations.forEach((a, i) =>
    // HubSpot delivers a HubSpot workflow's internal emails itself.
    (a.target === "hubspot" ? [] : a.do).forEach((action, j) =>
      action.notify?.to.forEach((t, k) =>
        uses.push({
          kind: kindOf(t),
          target: t,
          where: `automation ${a.key}`,
          path: ["automations", i, "do", j, "notify", "to", k],
        }),
      ),
    ),
  );
  return uses;
}

const HOW: Record<NotifyKind, string> = {
  slack:
    "set a Slack app's bot token (scope chat:write, the app invited to each channel): `pulumi config set --secret revstack:slackToken xoxb-…`",
  email:
    "set the SMTP server and sender: `pulumi config set revstack:smtpHost smtp.example.com`, `pulumi config set revstack:emailFrom revops@example.com` " +
    "(and revstack:smtpPort, revstack:smtpUser, `pulumi config set --secret revstack:smtpPassword …` as your server needs)",
};

const unique = (list: string[]) => [...new Set(list)];

/** One problem per target kind the stack cannot deliver, listing every target and place of that kind. */
export function deliveryProblems(
  bp: Blueprint,
  channels: NotifyChannels,
): Array<{ kind: NotifyKind; message: string; uses: NotifyUse[] }> {
  const uses = notificationUses(bp);
  return (["slack", "email"] as const).flatMap((kind) => {
    const of = uses.filter((u) => u.kind === kind);
    if (of.length === 0 || channels[kind]) return [];
    const label = kind === "slack" ? "Slack" : "Email";
    const fallback = channels.webhook ? " Until then they reach only revstack:notifyUrl (as JSON)." : "";
    const message =
      `${label} notifications cannot be delivered with this stack's configuration: ${unique(of.map((u) => u.target)).join(", ")} ` +
      `in ${unique(of.map((u) => u.where)).join(", ")}. To deliver them, ${HOW[kind]}.${fallback}`;
    return [{ kind, message, uses: of }];
  });
}

/** The webhook path of the notifications workflow. */
export const notifyPath = (bp: Blueprint) => `${webhookPrefix(bp)}/notify`;

/** The nodes that hand a notification (an n8n expression for `{ to, subject, message, … }`) to the notifications workflow. */
export const sendNotification = (bp: Blueprint, target: N8nTarget, name: string, body: string) =>
  signedPost(target, name, notifyPath(bp), body);

const UNTIL_DELIVERED = "untilDelivered";
const DELIVERY_KEY = "deliveryKey";
/**
 * A notification (an n8n expression) whose sender waits for its delivery: the notifications workflow answers it once
 * every channel the stack configures took it (200), or fails (n8n's 500) when one refused it or could not be
 * reached, instead of 202 before delivering. An automation's claimed event sends its notify action so, and is tried
 * again when it was not delivered: `key` (an n8n expression, the same in every attempt: ./event-log.ts) lets the
 * notifications workflow send that attempt only to the targets that did not take it yet.
 */
export const untilDelivered = (body: string, key: string) =>
  `Object.assign({}, ${body}, { ${UNTIL_DELIVERED}: true, ${DELIVERY_KEY}: ${key} })`;

/**
 * Whether the blueprint has a notification an automation tries again (a notify action of an automation n8n runs on
 * CRM events or a call: one on a schedule has no event to try again, as ./automations.ts compiles it). Only then does
 * the notifications workflow remember which targets took each one, in the automation log.
 */
const triesNotificationsAgain = (bp: Blueprint) =>
  bp.automations.some((a) => a.target !== "hubspot" && !a.on.schedule && a.do.some((d) => d.notify));

/**
 * Where the notifications workflow may deliver: the Slack channels and addresses the blueprint names, and the
 * people its rules can resolve to (owners, their backups, team managers; teams are their members).
 */
export function declaredTargets(bp: Blueprint): { slack: string[]; email: string[] } {
  const named = notificationUses(bp).map((u) => u.target.replace(/ \(escalation\)$/, ""));
  const people = [
    ...bp.owners.flatMap((o) => [o.email, o.backup]),
    ...Object.values(bp.teams).map((t) => t.manager),
    ...expandTeams(bp, named),
  ];
  const emails = [...named, ...people]
    .filter((t): t is string => typeof t === "string" && /^(email:)?[^@\s:]+@[^@\s]+$/.test(t))
    .map((t) => t.replace(/^email:/, "").toLowerCase());
  const slack = named.filter((t) => t.startsWith("slack:")).map((t) => t.slice("slack:".length));
  return { slack: unique(slack).sort(), email: unique(emails).sort() };
}

/** Who "owner", "manager" and "backup" can be: each owner's team and backup, each team's manager. */
export function peopleConfig(bp: Blueprint) {
  return {
    owners: Object.fromEntries(bp.owners.map((o) => [o.email, { team: o.team, backup: o.backup }])),
    teams: Object.fromEntries(Object.entries(bp.teams).map(([key, t]) => [key, { manager: t.manager }])),
  };
}

/** `team:<key>` becomes its members' addresses (its manager when it has none); the rest stays as written. */
export function expandTeams(bp: Blueprint, targets: string[]): string[] {
  return unique(
    targets.flatMap((t) => {
      if (!t.startsWith("team:")) return [t];
      const key = t.slice("team:".length);
      const members = bp.owners.filter((o) => o.team === key).map((o) => o.email);
      return members.length > 0 ? members : [bp.teams[key]?.manager].filter((m): m is string => Boolean(m));
    }),
  );
}

/** Record properties a template names: `{{deal.dealname}}` → dealname. */
export function templateProperties(...texts: Array<string | undefined>): string[] {
  const names = texts.flatMap((t) => [...String(t ?? "").matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]));
  return unique(names.filter((n) => n.includes(".")).map((n) => n.split(".").pop()!));
}

/**
 * Fills a message template in a Code node: `{{now}}`, the event's facts by plain name (`{{rule}}`, `{{owner}}`),
 * and the record's properties by `<object>.<property>` (`{{contact.email}}`, `{{deal.dealname}}`).
 */
export const RENDER_RUNTIME = String.raw`
function render(text, props, facts, now) {
  return String(text).replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name) => {
    if (name === "now") return new Date(now).toISOString();
    const value = !name.includes(".") && facts && name in facts ? facts[name] : (props || {})[name.split(".").pop()];
    return value === undefined || value === null ? "" : String(value);
  });
}
`;

/**
 * Splits a notification's targets by channel: Slack channels, and email addresses (deduplicated); names the
 * targets that are neither declared by the blueprint nor the CRM's owners (a record's owner, resolved at run
 * time, may be anyone on the portal), which refuse the whole notification.
 */
const deliveries = (declared: ReturnType<typeof declaredTargets>) => String.raw`
const declared = ${JSON.stringify(declared)};
const people = (${answerOf("Read the owners")}.results || []).map((o) => String(o.email || "").toLowerCase());
const { ${UNTIL_DELIVERED}: waits, ${DELIVERY_KEY}: key, ...n } = $('Notification arrives').first().json.body || {};
const to = Array.isArray(n.to) ? n.to.map(String) : [];
const slack = [...new Set(to.filter((t) => t.startsWith("slack:")).map((t) => t.slice(6)))];
const email = [...new Set(to.filter((t) => !t.startsWith("slack:")).map((t) => t.replace(/^email:/, "").trim().toLowerCase()).filter(Boolean))];
const refused = [...slack.filter((c) => !declared.slack.includes(c)).map((c) => "slack:" + c), ...email.filter((e) => !declared.email.includes(e) && !people.includes(e))];
return [{ json: { notification: n, waits: waits === true, key: waits === true && typeof key === "string" ? key : "", subject: String(n.subject || "revstack notification"), text: String(n.message || ""), slack, email, refused } }];
`;

const EMAILS =
  'return $json.email.length ? [{ json: { to: $json.email.join(", "), subject: $json.subject, text: $json.text } }] : [];\n';
const SLACK_MESSAGES = "return $json.slack.map((channel) => ({ json: { channel, text: $json.text } }));\n";

const NOT_CONFIGURED = (what: string, list: string, setting: string) =>
  `if ($json.${list}.length) throw new Error(${JSON.stringify(`${what} not sent: `)} + $json.${list}.join(", ") + ${JSON.stringify(` (${setting} is not set in the stack)`)});\nreturn [];\n`;

/** The notifications workflow, or none when the blueprint notifies nobody. */
export function compileNotifications(bp: Blueprint, target: N8nTarget): CompiledWorkflow[] {
  if (notificationUses(bp).length === 0) return [];
  const wf = new WorkflowBuilder("notifications");
  const path = notifyPath(bp);
  const start = internalEntry(wf, bp.metadata.name, "Notification arrives", path, target.callers, "workflow");
  const owners = addCrmCall(wf, crmRequest(target, "Read the owners", "GET", `${P.owners}?limit=500`), 1, 3);
  const check = wf.add(code("Deliveries", deliveries(declaredTargets(bp))), 2);
  const declared = wf.add(ifTrue("Only declared targets?", "$json.refused.length === 0"), 2, 1);
  const refuse = wf.add(
    respond(
      "Refuse undeclared targets",
      403,
      '{ error: "not a target the blueprint declares", refused: $json.refused }',
    ),
    3,
    3,
  );
  // A sender that waits for the delivery (untilDelivered) is answered once the channels the stack configures took the
  // notification, or by n8n's 500 when one of them failed. A channel the stack does not configure fails the
  // execution after that answer (its targets reach revstack:notifyUrl only, as preview warns): trying the
  // notification again would never deliver it there.
  const waits = wf.add(ifTrue("Answer once delivered?", "$json.waits === true"), 2.5, 2);
  const split = wf.add(respond("Accepted", 202, "{ accepted: true }"), 3, 1);
  wf.chain(start, owners.first).chain(owners.last, check, declared, waits).connect(declared, refuse, 1);
  wf.connect(waits, split, 1);
  // A notification tried again (it has a key) goes only to the targets that did not take it yet.
  const remembers = triesNotificationsAgain(bp);
  const toReach = remembers ? addTargetsToReach(wf, bp, waits) : waits;
  const deliver = (node: string) => wf.connect(split, node).connect(toReach, node, 0);
  const remember = (label: string, from: string, targets: string, column: number, row: number) =>
    remembers && addRemember(wf, bp, label, from, targets, column, row);
  // n8n runs the branches top to bottom: the webhook first, then email, then Slack, then the answer to a sender that
  // waits, then the channels not configured.
  if (target.notifyUrl) {
    const send = postJson("Send to the webhook", target.notifyUrl, "$json.notification");
    const first = remembers ? ifTrue("Webhook still to reach?", "$json.webhook !== false") : send;
    deliver(wf.add(first, 4, 0));
    if (remembers) wf.connect(first.name, wf.add(send, 5, 0), 0);
    remember("Webhook", send.name, '["webhook"]', 6, 0);
  }
  const channel = (row: number, name: string, ready: string | undefined, missing: string, send?: Send) => {
    const first = wf.add(code(name, ready ?? missing), 4, ready ? row : row + 3);
    deliver(first);
    if (!ready || !send) return;
    const last = send.nodes.reduce((from, spec, i) => (wf.connect(from, wf.add(spec, 5 + i, row)), spec.name), first);
    const column = 5 + send.nodes.length;
    remember(send.label, last, send.took, column, row);
    // Below what the channel took: n8n's v1 order remembers those before the check fails the execution.
    if (send.check) wf.connect(last, wf.add(send.check, column, remembers ? row + 0.5 : row));
  };
  wf.connect(toReach, wf.add(respond("Delivered", 200, "{ delivered: true }"), 4, 3));
  channel(
    1,
    "Emails",
    target.email && EMAILS,
    NOT_CONFIGURED("email", "email", "revstack:smtpHost or revstack:emailFrom"),
    target.email && {
      label: "Email",
      nodes: [emailNode(target.email)],
      took: `$('Emails').first().json.to.split(", ")`,
    },
  );
  channel(
    2,
    "Slack messages",
    target.slack && SLACK_MESSAGES,
    NOT_CONFIGURED("Slack message", "slack", "revstack:slackToken"),
    target.slack && {
      label: "Slack",
      nodes: [slackPost(target.slack)],
      took: SLACK_TOOK,
      check: code("Slack accepted?", SLACK_ACCEPTED),
    },
  );
  return [
    {
      key: "notifications",
      definition: wf.build(bp.metadata.name, settings(bp)),
      webhooks: [{ method: "POST", path }],
      active: true,
    },
  ];
}

/** A configured channel's sends: what took the notification (`took`, code giving the targets), then a check that fails the execution. */
interface Send {
  label: string;
  nodes: NodeSpec[];
  took: string;
  check?: NodeSpec;
}

const DELIVERY = "$('Deliveries').first().json";

/**
 * The targets that took a notification with a key in an earlier attempt (its rows in the automation log:
 * ./automation-log.ts), and the delivery without them. Returns the node the channels go on from. One attempt of a
 * key at a time reaches here: the automation log gives each attempt of an event to one execution only.
 */
function addTargetsToReach(wf: WorkflowBuilder, bp: Blueprint, waits: string): string {
  const took = readRows(
    "Targets that took it",
    automationLogTable(bp).name,
    [{ keyName: "event", condition: "eq", keyValue: "={{ $json.key }}" }],
    ["id", "ASC"],
    0,
  );
  const reach = code(
    "Targets still to reach",
    [
      `const d = ${DELIVERY};`,
      `const took = new Set($input.all().map((i) => i.json.target).filter(Boolean));`,
      `return [{ json: { ...d, webhook: !took.has("webhook"), email: d.email.filter((e) => !took.has(e)), slack: d.slack.filter((c) => !took.has("slack:" + c)) } }];`,
      ``,
    ].join("\n"),
  );
  wf.connect(waits, wf.add(took, 3, 2), 0).chain(took.name, wf.add(reach, 3.5, 2));
  return reach.name;
}

/**
 * After a channel's send (`from`), the targets that took the notification (`targets`: code giving their list), one
 * row each in the automation log under the notification's key, so its next attempt skips them. A notification
 * without a key (nothing tries it again) leaves no row. A row that cannot be written does not fail the delivery:
 * at worst a later attempt repeats the notification on that target.
 */
function addRemember(
  wf: WorkflowBuilder,
  bp: Blueprint,
  label: string,
  from: string,
  targets: string,
  column: number,
  row: number,
): void {
  const took = code(
    `${label}: targets that took it`,
    `const key = ${DELIVERY}.key;\nreturn key ? ${targets}.map((target) => ({ json: { target } })) : [];\n`,
  );
  const rows = insertRow(`${label}: remember them`, automationLogTable(bp).name, {
    event: `={{ ${DELIVERY}.key }}`,
    at: "={{ Date.now() }}",
    automation: `={{ String(${DELIVERY}.notification.automation || "") }}`,
    state: "={{ 'taken' }}",
    target: "={{ $json.target }}",
  });
  wf.chain(from, wf.add(took, column, row), wf.add({ ...rows, onError: "continueRegularOutput" }, column + 1, row));
}

/** A send that fails for a moment (a busy server) is tried again; a refusal still fails the execution. */
const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 2000 };

function emailNode(email: NonNullable<N8nTarget["email"]>): NodeSpec {
  return {
    name: "Send the email",
    type: "n8n-nodes-base.emailSend",
    typeVersion: 2.1,
    parameters: {
      fromEmail: email.from,
      toEmail: "={{ $json.to }}",
      subject: "={{ $json.subject }}",
      emailFormat: "text",
      text: "={{ $json.text }}",
      options: { appendAttribution: false },
    },
    credentials: { smtp: email.credential },
    ...RETRY,
  };
}

function slackPost(slack: NonNullable<N8nTarget["slack"]>): NodeSpec {
  return {
    name: "Post to Slack",
    type: "n8n-nodes-base.httpRequest",
    typeVersion: 4.2,
    parameters: {
      method: "POST",
      url: `${slack.apiUrl.replace(/\/+$/, "")}/chat.postMessage`,
      authentication: "genericCredentialType",
      genericAuthType: "httpHeaderAuth",
      sendBody: true,
      specifyBody: "json",
      jsonBody: "={{ JSON.stringify({ channel: $json.channel, text: $json.text }) }}",
      options: {},
    },
    credentials: { httpHeaderAuth: slack.credential },
    ...RETRY,
  };
}

/** The Slack channels that took the message (Slack answers in the order of the messages posted). */
const SLACK_TOOK = `$input.all().flatMap((item, i) => (item.json.ok === true ? ["slack:" + $('Slack messages').all()[i].json.channel] : []))`;

/** Slack answers 200 with `ok: false` when it refuses a message (unknown channel, bot not invited): fail loudly. */
const SLACK_ACCEPTED = String.raw`
const items = $input.all();
items.forEach((item, i) => {
  if (item.json.ok !== true) {
    const channel = $('Slack messages').all()[i]?.json.channel;
    throw new Error("Slack refused the message to " + channel + ": " + (item.json.error || JSON.stringify(item.json)));
  }
});
return items;
`;
