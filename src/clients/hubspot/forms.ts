/**
 * HubSpot's marketing forms, published for the 2026 generation only as `/marketing/forms/2026-09-beta`
 * (hubspot-api.md §11): HubSpot forms whose field groups hold fields bound to properties, with their configuration
 * (submit behaviour, lifecycle stages), display and consent options. Found by name (HubSpot compares names without
 * case), written by id; DELETE archives a form.
 */
import { hubspotPaths as P } from "./api-version";
import type { Call } from "./http";

/** One field as HubSpot holds it: every field type carries these; some more (validation, options). */
export interface LiveFormField {
  objectTypeId: string;
  name: string;
  label: string;
  fieldType: string;
  required: boolean;
  hidden: boolean;
  defaultValue?: string;
  defaultValues?: string[];
  [more: string]: unknown;
}

export interface FormFieldGroup {
  groupType: string;
  richTextType: string;
  fields: LiveFormField[];
  [more: string]: unknown;
}

export interface FormConfiguration {
  postSubmitAction: { type: "thank_you" | "redirect_url"; value: string };
  lifecycleStages?: Array<{ objectTypeId: string; value: string }>;
  [more: string]: unknown;
}

/** What a create sends; a PATCH sends any of the top-level parts whole. */
export interface FormBody {
  name: string;
  formType: "hubspot";
  fieldGroups: FormFieldGroup[];
  configuration: FormConfiguration;
  displayOptions: Record<string, unknown>;
  legalConsentOptions: { type: string; [more: string]: unknown };
}

export interface LiveForm extends FormBody {
  id: string;
  archived: boolean;
}

/** Contacts' object type id, as a form field names the object it fills. */
export const FORM_CONTACTS = "0-1";
/** The hidden field through which a form gives its contacts an owner (HubSpot's form API has no owner setting). */
export const FORM_OWNER_FIELD = "hubspot_owner_id";

type Send = <T>(call: Call) => Promise<T>;

const enc = encodeURIComponent;
/** At most 500 a page (HubSpot's maximum), at most 100 pages. */
const MAX_PAGES = 100;

export class HubSpotForms {
  constructor(private readonly send: Send) {}

  /** Every live form of the portal. */
  async list(): Promise<LiveForm[]> {
    const forms: LiveForm[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.send<{ results: LiveForm[]; paging?: { next?: { after: string } } }>({
        method: "GET",
        path: P.forms,
        query: { limit: 500, after },
      });
      forms.push(...res.results);
      after = res.paging?.next?.after;
      if (!after) return forms;
    }
    return forms;
  }

  /** The live form with this id, or undefined when it is gone (archived or never made). */
  async find(id: string): Promise<LiveForm | undefined> {
    try {
      return await this.send<LiveForm>({ method: "GET", path: `${P.forms}/${enc(id)}` });
    } catch (err) {
      if ((err as { notFound?: boolean }).notFound) return undefined;
      throw err;
    }
  }

  /** The live form of this name, as HubSpot compares names (without case). */
  async findByName(name: string): Promise<LiveForm | undefined> {
    const wanted = name.trim().toLowerCase();
    return (await this.list()).find((f) => f.name.trim().toLowerCase() === wanted);
  }

  create(body: FormBody): Promise<LiveForm> {
    return this.send<LiveForm>({ method: "POST", path: P.forms, body });
  }

  /** Replaces the parts given (each whole), keeps the others as HubSpot holds them. */
  patch(id: string, parts: Partial<FormBody>): Promise<LiveForm> {
    return this.send<LiveForm>({ method: "PATCH", path: `${P.forms}/${enc(id)}`, body: parts });
  }

  /** Archives the form (HubSpot's delete); a form already gone is not an error. */
  async archive(id: string): Promise<void> {
    try {
      await this.send({ method: "DELETE", path: `${P.forms}/${enc(id)}` });
    } catch (err) {
      if (!(err as { notFound?: boolean }).notFound) throw err;
    }
  }
}
