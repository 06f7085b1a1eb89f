import * as pulumi from "@pulumi/pulumi";
import { clientFor, settingsFromConfig } from "../providers/shared/config";
import { goneReferences } from "../src/ownership/live-references";
import { oneLine } from "../src/unexpected";

/**
 * Objects another stack owns are used as they are, so they must be there: each is looked up before the program
 * declares anything. One that is gone stops `pulumi up` with nothing written, saying which stack owns it and what to
 * do; a preview says it as a warning and goes on.
 */
export async function checkReferences(
  references: Record<string, string>,
  get: (key: string) => string | undefined,
): Promise<void> {
  if (Object.keys(references).length === 0) return;
  const settings = settingsFromConfig(get);
  if (!settings.connection) return; // the providers say that hubspot:token is missing
  let gone: string[];
  try {
    gone = await goneReferences(clientFor(settings), references);
  } catch (err) {
    throw new pulumi.RunError(oneLine(err, "looking up the objects other stacks own"));
  }
  if (gone.length === 0) return;
  if (pulumi.runtime.isDryRun()) for (const message of gone) pulumi.log.warn(message);
  else throw new pulumi.RunError(`${gone.join("\n")}\nNothing was applied.`);
}
