import { hubspotPaths as P } from "./api-version";
import { AmbiguousWriteError, HubSpotApiError } from "./errors";
import type { Call } from "./http";
import { cachedList, removeBy, updateCachedList, upsertBy } from "./list-cache";
import type { LiveProperty, PropertyInput } from "./types";

/** A property as a schema create or a later add sends it (HubSpot puts it in the object's own group). */
export type SchemaProperty = Pick<PropertyInput, "name" | "label" | "type" | "fieldType" | "description" | "options">;

/** What the kinds' own clients borrow from HubSpotClient: its counted calls and its cache keys. */
export interface ClientCore {
  call<T>(call: Call): Promise<T>;
  /** The cache key of one list of this portal and token. */
  key(kind: string): string;
}

export interface SchemaAssociation {
  id: string;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  name?: string;
}

/** What a schema create or update says (HubSpot's names). */
export interface SchemaFields {
  labels: { singular: string; plural: string };
  description?: string;
  primaryDisplayProperty?: string;
  secondaryDisplayProperties?: string[];
  searchableProperties?: string[];
  requiredProperties?: string[];
}

export interface LiveSchema extends SchemaFields {
  id: string;
  /** `2-<id>`: how every other API names the object. */
  objectTypeId: string;
  name: string;
  fullyQualifiedName: string;
  properties: LiveProperty[];
  associations: SchemaAssociation[];
  archived?: boolean;
}

const enc = encodeURIComponent;

/**
 * Custom object schemas (crm-object-schemas): read in bulk and cached per process like every other list; a create
 * is sent once, and when its outcome is unknown the schema is looked up by name before anything is sent again.
 */
export class CustomSchemas {
  constructor(private readonly core: ClientCore) {}

  list(fresh = false): Promise<LiveSchema[]> {
    return cachedList(
      this.core.key("schemas"),
      async () => (await this.core.call<{ results: LiveSchema[] }>({ method: "GET", path: P.schemas })).results,
      fresh,
    );
  }

  /** A live schema by its name (HubSpot's names are unique without case), or by its objectTypeId. */
  async find(nameOrType: string, fresh = false): Promise<LiveSchema | undefined> {
    const wanted = nameOrType.toLowerCase();
    return (await this.list(fresh)).find((s) => s.name.toLowerCase() === wanted || s.objectTypeId === wanted);
  }

  /** Creates a schema with its properties and associations; one of that name already there is returned `existed`. */
  async create(
    input: SchemaFields & { name: string; properties: SchemaProperty[]; associatedObjects: string[] },
  ): Promise<{ object: LiveSchema; existed: boolean }> {
    const existing = await this.find(input.name);
    if (existing) return { object: existing, existed: true };
    try {
      return {
        object: this.cache(await this.core.call<LiveSchema>({ method: "POST", path: P.schemas, body: input })),
        existed: false,
      };
    } catch (err) {
      const again = err instanceof AmbiguousWriteError || (err instanceof HubSpotApiError && err.status === 409);
      const found = again ? await this.find(input.name, true) : undefined;
      if (found) return { object: found, existed: err instanceof HubSpotApiError };
      throw err;
    }
  }

  async update(objectTypeId: string, fields: Partial<SchemaFields>): Promise<LiveSchema> {
    return this.cache(
      await this.core.call<LiveSchema>({ method: "PATCH", path: `${P.schemas}/${enc(objectTypeId)}`, body: fields }),
    );
  }

  /** Lets records of the schema associate with another object type. */
  async associate(objectTypeId: string, toObjectTypeId: string): Promise<void> {
    await this.core.call({
      method: "POST",
      path: `${P.schemas}/${enc(objectTypeId)}/associations`,
      body: { fromObjectTypeId: objectTypeId, toObjectTypeId },
    });
    await this.list(true);
  }

  /** Deletes (archives) a schema; callers count its records first, HubSpot's refusal is only a second line. */
  async delete(objectTypeId: string): Promise<void> {
    try {
      await this.core.call({ method: "DELETE", path: `${P.schemas}/${enc(objectTypeId)}` });
    } catch (err) {
      if (!(err instanceof HubSpotApiError && err.notFound)) throw err;
    }
    updateCachedList<LiveSchema>(
      this.core.key("schemas"),
      removeBy((s) => s.objectTypeId === objectTypeId),
    );
  }

  private cache(schema: LiveSchema): LiveSchema {
    updateCachedList<LiveSchema>(
      this.core.key("schemas"),
      upsertBy((s) => s.objectTypeId === schema.objectTypeId, schema),
    );
    return schema;
  }
}
