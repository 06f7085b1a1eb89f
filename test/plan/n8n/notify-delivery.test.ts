// Notifications delivered for real: a routing SLA breach and an automation's notify, compiled into real n8n
// workflows against the CRM sandbox, reach a local SMTP server (n8n's Send Email node with the SMTP credential
// the provider creates) and a local stand-in for Slack's chat.postMessage (the Slack credential), with the
// blueprint's templates filled from the lead; the generic webhook gets the same notification as JSON.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as credentials from "../../../providers/n8n-credential";
import { Blueprint } from "../../../src/blueprint/model";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { startMailServer, startSlackStandIn, type MailServer, type SlackStandIn } from "../../support/mail-and-slack";
import { startHarness, type Harness } from "../../support/n8n-harness";

const skip = !findN8nInstall().complete && !process.env.CI;
if (skip) console.warn("n8n notification delivery tests skipped: run npm run setup:n8n");

const x = (name: string) => `${name}@notify.test`;
const SLACK_TOKEN = "xoxb-notify-test";

const bp = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "notify-test", timezone: "UTC" },
  teams: { sdr: { manager: x("mgr") } },
  owners: [
    { email: x("ann"), team: "sdr", timezone: "UTC" },
    { email: x("mgr"), team: "mgmt", timezone: "UTC" },
  ],
  routing: [
    {
      key: "inbound",
      assign: { owner: x("ann") },
      sla: {
        firstTouch: "4m",
        businessHours: false,
        onBreach: {
          escalateTo: "manager",
          notify: ["owner", "slack:#sales"],
          message: "{{contact.firstname}} <{{contact.email}}> waited {{firstTouch}} for {{owner}} (rule {{rule}})",
        },
      },
    },
  ],
  automations: [
    {
      key: "signup",
      on: { webhook: { path: "/hooks/notify-signup" } },
      do: [
        {
          notify: {
            to: ["owner", "slack:#se", "email:ops@notify.test"],
            message: "Signup: {{contact.firstname}} {{contact.lastname}} ({{contact.email}})",
          },
        },
      ],
    },
  ],
});

describe.skipIf(skip)("notifications delivered through n8n", { timeout: 120_000 }, () => {
  let h: Harness;
  let mail: MailServer;
  let slack: SlackStandIn;

  beforeAll(async () => {
    [mail, slack] = await Promise.all([startMailServer(), startSlackStandIn()]);
    h = await startHarness({
      owners: bp.owners.map((o) => o.email),
      contactProperties: [["first_touch_at", "datetime", "date"]],
      timeScale: 1 / 50,
    });
    // The credentials as the provider creates them from the stack's settings (secrets from its configure).
    const settings = { n8n: { baseUrl: h.n8n.baseUrl, apiKey: h.n8n.apiKey }, slackToken: SLACK_TOKEN };
    const slackCredential = await credentials.create(settings, { key: "slack", name: "revstack notify-test Slack" });
    const smtpCredential = await credentials.create(settings, {
      key: "smtp",
      name: "revstack notify-test SMTP",
      smtp: { host: "127.0.0.1", port: mail.port, secure: false },
    });
    h.target.slack = {
      apiUrl: slack.apiUrl,
      credential: { id: slackCredential.id, name: "revstack notify-test Slack" },
    };
    h.target.email = {
      from: "revops@notify.test",
      credential: { id: smtpCredential.id, name: "revstack notify-test SMTP" },
    };
    await h.apply(bp);
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
    await Promise.all([mail?.stop(), slack?.stop()]);
  });

  /** A contact ann owns, so the signup automation's `owner` is her. */
  const annsContact = (email: string, firstname: string, lastname: string) =>
    h.newLead({ email, firstname, lastname, hubspot_owner_id: h.ownerId(x("ann"))! });

  const until = async (done: () => boolean, ms: number) => {
    for (let waited = 0; waited < ms && !done(); waited += 200) await new Promise((r) => setTimeout(r, 200));
  };

  it("an SLA breach: email to the owner and the manager it escalates to, a Slack message, the webhook's JSON", async () => {
    const lead = await h.newLead({ email: "jo@lead.test", firstname: "Jo" });
    await h.routeLead(bp, lead);
    const text = `Jo <jo@lead.test> waited 4m for ${x("ann")} (rule inbound)`;
    // 4 minutes / 50 = 4.8 s
    await until(
      () => mail.mails.some((m) => m.body.includes(text)) && slack.posts.some((p) => p.channel === "#sales"),
      30_000,
    );
    const breach = mail.mails.find((m) => m.body.includes(text))!;
    expect(breach).toBeDefined();
    expect(breach.to.sort()).toEqual([x("ann"), x("mgr")]);
    expect(breach.from).toBe("revops@notify.test");
    expect(breach.headers.subject).toBe("revstack notify-test: SLA breached (inbound)");
    expect(breach.body).toBe(text);
    expect(slack.posts.filter((p) => p.channel === "#sales")).toEqual([
      { authorization: `Bearer ${SLACK_TOKEN}`, channel: "#sales", text },
    ]);
    expect(h.notifications).toContainEqual(
      expect.objectContaining({ event: "sla_breached", rule: "inbound", contactId: lead, message: text }),
    );
  });

  it("an automation's notify: the owner and an address by email, the channel on Slack, rendered from the contact", async () => {
    const contact = await annsContact("sam@lead.test", "Sam", "Lee");
    const res = await h.signedCall("hooks/notify-signup", { contactId: contact });
    expect(res.status).toBe(202);
    const text = "Signup: Sam Lee (sam@lead.test)";
    await until(() => mail.mails.some((m) => m.body === text) && slack.posts.some((p) => p.text === text), 20_000);
    const sent = mail.mails.filter((m) => m.body === text);
    expect(sent).toHaveLength(1);
    expect(sent[0].to.sort()).toEqual([x("ann"), "ops@notify.test"]);
    expect(sent[0].headers.subject).toBe("revstack notify-test: signup");
    expect(slack.posts.filter((p) => p.text === text)).toEqual([
      { authorization: `Bearer ${SLACK_TOKEN}`, channel: "#se", text },
    ]);
    expect(h.notifications).toContainEqual(
      expect.objectContaining({ event: "notify", automation: "signup", message: text }),
    );
  });

  it("an automation's notify Slack refuses: its retry posts to Slack only, the email and the webhook that took it get it once", async () => {
    const contact = await annsContact("kim@lead.test", "Kim", "Ray");
    const text = "Signup: Kim Ray (kim@lead.test)";
    // Slack refuses the message until the automation tries the event again: longer than the Slack node's own tries,
    // so the refusal fails the delivery and the event is left to try again.
    let retried = false;
    let refused = 0;
    slack.refuseWhen = (post) => {
      if (post.text !== text || retried) return false;
      refused++;
      return true;
    };
    const attempts = async () =>
      ((await h.client.newestRows<any>("revstack notify-test automation log", 50)) ?? [])
        .filter((r) => r.automation === "signup" && r.event.startsWith(`signup|${contact}:`))
        .reduce((most, r) => Math.max(most, r.attempts ?? 0), 0);
    try {
      expect((await h.signedCall("hooks/notify-signup", { contactId: contact })).status).toBe(202);
      // The webhook, then the email took it before Slack refused it; the next attempt comes at the automation's next
      // retry run (every 10 s). A retry that sent it to all would reach the webhook and the mail server again.
      for (let i = 0; i < 240 && (await attempts()) < 2; i++) await new Promise((r) => setTimeout(r, 500));
      expect(await attempts()).toBeGreaterThanOrEqual(2);
      retried = true;
      const posts = () => slack.posts.filter((p) => p.text === text);
      await until(() => posts().length > refused, 120_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(refused).toBeGreaterThan(0);
      // Each attempt's refused posts, then the one Slack took.
      expect(posts()).toHaveLength(refused + 1);
      const sent = mail.mails.filter((m) => m.body === text);
      expect(sent).toHaveLength(1);
      expect(sent[0].to.sort()).toEqual([x("ann"), "ops@notify.test"]);
      expect(h.notifications.filter((n) => n.message === text)).toHaveLength(1);
    } finally {
      slack.refuseWhen = undefined;
    }
  }, 300_000);
});
