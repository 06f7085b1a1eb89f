/**
 * CRM records as the metrics see them: blueprint keys instead of HubSpot ids, owners by email, times as epoch
 * milliseconds. The reader builds these from the API; tests build them by hand.
 */
export interface Deal {
  id: string;
  name?: string;
  /** Blueprint pipeline key; undefined when the deal sits in a pipeline the blueprint does not declare. */
  pipeline?: string;
  /** Blueprint stage key of the current stage. */
  stage?: string;
  amount?: number;
  createdAt: number;
  ownerEmail?: string;
  /** Stage key → when the deal entered it. */
  entered: Record<string, number>;
  /** Other property values the metrics read (sources). */
  values: Record<string, string>;
}

export interface Contact {
  id: string;
  createdAt: number;
  ownerEmail?: string;
  /** Lifecycle stage key → when the contact entered it. */
  entered: Record<string, number>;
  routingRule?: string;
  assignedAt?: number;
  firstTouchAt?: number;
  values: Record<string, string>;
}

export interface CrmData {
  deals: Deal[];
  contacts: Contact[];
  /** The moment the report describes ("now" for open deals and untouched leads). */
  asOf: number;
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
