import * as pulumi from "@pulumi/pulumi";
import type { Blueprint } from "../src/blueprint/index";
import { deliveryProblems, notificationUses, type N8nTarget, type NotifyChannels } from "../src/plan/n8n/index";
import { Credential } from "../providers/n8n-credential";
import { warn } from "./warn";

/** The notification channels a stack configures, as compile targets (credential ids resolve once created). */
export interface DeclaredChannels {
  channels: NotifyChannels;
  notifyUrl?: string;
  slack?: pulumi.Output<NonNullable<N8nTarget["slack"]>>;
  email?: pulumi.Output<NonNullable<N8nTarget["email"]>>;
  credentials: Credential[];
}

/**
 * Reads the stack's notification settings (docs/routing-and-automations.md, "Notifications"), declares the n8n credentials that carry their
 * secrets, and warns once per target kind the blueprint uses but the stack cannot deliver (routing SLAs included).
 */
export function declareNotifyChannels(blueprint: Blueprint, parent: pulumi.ComponentResource): DeclaredChannels {
  const config = new pulumi.Config("revstack");
  const notifyUrl = config.get("notifyUrl");
  const used = notificationUses(blueprint).length > 0;
  // Presence only: the secrets themselves are read by the credential provider in its own process.
  const slackSet = config.getSecret("slackToken") !== undefined;
  const smtpHost = config.get("smtpHost");
  const from = config.get("emailFrom");
  const channels = { slack: slackSet, email: Boolean(smtpHost && from), webhook: Boolean(notifyUrl) };
  for (const problem of deliveryProblems(blueprint, channels)) warn(problem.message, parent);
  const out: DeclaredChannels = { channels, notifyUrl, credentials: [] };
  if (!used) return out;
  const name = (what: string) => `revstack ${blueprint.metadata.name} ${what}`;
  if (channels.slack) {
    const credential = new Credential("n8n.credential.slack", { key: "slack", name: name("Slack") }, { parent });
    const apiUrl = config.get("slackApiUrl") ?? "https://slack.com/api";
    out.slack = credential.id.apply((id) => ({ apiUrl, credential: { id, name: name("Slack") } }));
    out.credentials.push(credential);
  }
  if (channels.email) {
    const secure = config.getBoolean("smtpSecure") ?? false;
    const smtp = {
      host: smtpHost!,
      port: config.getNumber("smtpPort") ?? (secure ? 465 : 587),
      secure,
      user: config.get("smtpUser"),
    };
    const credential = new Credential("n8n.credential.smtp", { key: "smtp", name: name("SMTP"), smtp }, { parent });
    out.email = credential.id.apply((id) => ({ from: from!, credential: { id, name: name("SMTP") } }));
    out.credentials.push(credential);
  }
  return out;
}
