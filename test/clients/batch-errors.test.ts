import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BatchPartialError, HubSpotClient } from "../../src/clients/hubspot";
import type { Sandbox } from "../../src/sandbox";
import { api, sandbox } from "../sandbox/helpers";

/** A batch answer holding `errors[]` is an error naming the records HubSpot did not write, never a silent success. */
describe("batch partial failures", () => {
  let sb: Sandbox;
  let client: HubSpotClient;
  beforeAll(async () => {
    sb = await sandbox({ rateLimits: false });
    client = new HubSpotClient({ baseUrl: sb.url, token: sb.tokens[0] });
  });
  afterAll(() => sb.stop());

  const contact = async (email: string): Promise<string> =>
    (await api(sb, "POST", "/crm/objects/2026-09/contacts", { properties: { email } })).body.id;

  it("setRecordValues names the record HubSpot refused and why; the others are written", async () => {
    const kept = await contact("kept@batch.test");
    const err = await client
      .setRecordValues("contacts", "firstname", [
        { id: kept, value: "Kept" },
        { id: "999999", value: "Lost" },
      ])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchPartialError);
    expect((err as BatchPartialError).ids).toEqual(["999999"]);
    expect((err as Error).message).toMatch(/^1 of 2 contacts were not written: record 999999: /);
    const live = await api(sb, "GET", `/crm/objects/2026-09/contacts/${kept}?properties=firstname`);
    expect(live.body.properties.firstname).toBe("Kept");
  });

  it("moveRecords fails on a record it could not move", async () => {
    const pipeline = (await api(sb, "GET", "/crm/pipelines/2026-09/deals/default")).body;
    const [from, to] = pipeline.stages;
    const deal = (
      await api(sb, "POST", "/crm/objects/2026-09/deals", {
        properties: { dealname: "Batch", pipeline: "default", dealstage: from.id },
      })
    ).body.id;
    await expect(client.moveRecords("deals", [deal, "888888"], "default", to.id)).rejects.toThrow(
      /1 of 2 deals were not written: record 888888: /,
    );
  });

  it("createRecords names every refusal, not only the first", async () => {
    await contact("taken@batch.test");
    await expect(
      client.createRecords("contacts", [
        { email: "taken@batch.test" },
        { email: "taken@batch.test" },
        { email: "new@batch.test" },
      ]),
    ).rejects.toThrow(/^2 of 3 contacts were not written: .+; .+/);
  });
});
