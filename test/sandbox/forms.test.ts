import { describe, expect, it } from "vitest";
import { api, clientSandbox, failure } from "./helpers";

/** Marketing forms as HubSpot publishes them (2026-09 beta), through HubSpot's official client. */
const t = clientSandbox();
const forms = () => t.client.marketing.forms.formsApi;

const field = (name: string, fieldType: string, required: boolean) => ({
  objectTypeId: "0-1",
  name,
  label: name,
  fieldType,
  required,
  hidden: false,
  dependentFields: [],
  ...(fieldType === "email" && { validation: { blockedEmailDomains: [], useDefaultBlockList: false } }),
});

const demoRequest = (fields = [field("email", "email", true), field("firstname", "single_line_text", false)]) =>
  ({
    formType: "hubspot",
    name: "Demo request",
    createdAt: new Date(),
    updatedAt: new Date(),
    archived: false,
    fieldGroups: [{ groupType: "default_group", richTextType: "text", fields }],
    configuration: {
      language: "en",
      createNewContactForNewEmail: true,
      editable: true,
      allowLinkToResetKnownValues: false,
      postSubmitAction: { type: "thank_you", value: "Thanks!" },
      prePopulateKnownValues: true,
      cloneable: true,
      notifyContactOwner: true,
      recaptchaEnabled: false,
      archivable: true,
      notifyRecipients: [],
      lifecycleStages: [{ objectTypeId: "0-1", value: "lead" }],
    },
    displayOptions: { renderRawHtml: false, theme: "default_style", submitButtonText: "Book a demo", style: {} },
    legalConsentOptions: { type: "none" },
  }) as any;

describe("forms through @hubspot/api-client", () => {
  it("creates, reads, patches, replaces and archives a form whose fields are bound to properties", async () => {
    const made = await forms().create(demoRequest());
    expect(made.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.fieldGroups[0].fields.map((f) => f.name)).toEqual(["email", "firstname"]);
    expect((await forms().getById(made.id)).name).toBe("Demo request");
    const patched = await forms().update(made.id, { name: "Demo request (EMEA)" });
    expect(patched.name).toBe("Demo request (EMEA)");
    expect(patched.fieldGroups[0].fields).toHaveLength(2);
    const replaced = await forms().replace(made.id, {
      ...demoRequest([field("email", "email", true)]),
      id: made.id,
    } as any);
    expect(replaced.fieldGroups[0].fields.map((f) => f.name)).toEqual(["email"]);
    expect((await forms().getPage()).results.map((f) => f.id)).toContain(made.id);
    await forms().archive(made.id);
    expect((await failure(forms().getById(made.id))).code).toBe(404);
    expect((await forms().getPage(undefined, undefined, true)).results.map((f) => f.id)).toContain(made.id);
  });

  it("refuses a field bound to a property its object lacks, a full group, and a missing configuration", async () => {
    const unknown = await failure(forms().create(demoRequest([field("favourite_colour", "single_line_text", false)])));
    expect(unknown.code).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain("favourite_colour");
    const four = ["email", "firstname", "lastname", "phone"].map((n) => field(n, "single_line_text", false));
    expect((await failure(forms().create(demoRequest(four)))).code).toBe(400);
    const { configuration: _c, ...bare } = demoRequest();
    expect((await failure(forms().create(bare))).code).toBe(400);
  });

  it("serves forms at HubSpot's 2026-09-beta paths", async () => {
    const made = await api(t.sb, "POST", "/marketing/forms/2026-09-beta", demoRequest());
    expect(made.status).toBe(201);
    const read = await api(t.sb, "GET", `/marketing/forms/2026-09-beta/${made.body.id}`);
    expect(read.body.displayOptions.submitButtonText).toBe("Book a demo");
    expect((await api(t.sb, "GET", "/marketing/forms/2026-09/" + made.body.id)).status).toBe(404);
  });
});
