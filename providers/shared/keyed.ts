import type * as pulumi from "@pulumi/pulumi";
import type { Created, HubSpotClient } from "../../src/clients/hubspot";
import { createdButFailed, deleteOrRelease, keepOrigin, mayTakeOver, ownershipOutput, type Owned } from "./adopt";
import { markAdoption } from "./adoption-preview";
import { guardedClient, type Settings } from "./config";
import { changedFields, diffOf } from "./diff";
import type { CheckResult, CreateResult, ReadResult, ResourceImpl, UpdateResult } from "./shim";
import { tokenOf, updatable, type Kind } from "../../src/kinds";

/**
 * How one kind of HubSpot object with a natural key (a property group's name, a property's name, a user's
 * email) is created, found, written and removed; what the kind is (its token, fields, identity) is its
 * descriptor's (src/kinds). `keyedResource` turns it into the provider methods, so all these resource types
 * behave alike: adoption, drift, full outputs, `{}` only when the object is gone.
 */
export interface KeyedCrud<I extends object, L, O extends I = I> {
  kind: Kind<I, O, never>;
  create(client: HubSpotClient, inputs: I): Promise<Created<L>>;
  find(client: HubSpotClient, id: string, props: O): Promise<L | undefined>;
  /** Finds the object by its natural key when `find` needs an id (users); for the adoption preview. */
  lookup?(client: HubSpotClient, inputs: I): Promise<L | undefined>;
  write(client: HubSpotClient, id: string, inputs: I): Promise<L>;
  remove(client: HubSpotClient, id: string, props: O): Promise<void>;
  idOf(live: L, inputs: I): string;
  /** The live object in the input's shape; `props` supplies what the live object does not say. */
  asInputs(client: HubSpotClient, live: L, props: I): Promise<I>;
  /** The outputs: the inputs plus what HubSpot computed. */
  outputs(client: HubSpotClient, live: L, inputs: I): Promise<O>;
}

export function keyedResource<I extends object, L, O extends I = I>(
  kind: KeyedCrud<I, L, O>,
): ResourceImpl<I, O & Owned> {
  const fields = updatable(kind.kind);
  return {
    async check(olds: unknown, news: I, settings?: Settings): Promise<CheckResult<I>> {
      return {
        inputs: await markAdoption(settings, olds, news, fields, async (client) => {
          const live = await (kind.lookup ? kind.lookup(client, news) : kind.find(client, "", news as unknown as O));
          return live === undefined
            ? undefined
            : { id: kind.idOf(live, news), current: await kind.asInputs(client, live, news) };
        }),
      };
    },

    async diff(_id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
      return diffOf<I>(olds, news, fields, [...kind.kind.identity]);
    },

    async create(settings: Settings | undefined, inputs: I): Promise<CreateResult<O & Owned>> {
      const client = await guardedClient(settings);
      const made = await kind.create(client, inputs);
      const existed = made.existed;
      let live = made.object;
      const id = kind.idOf(live, inputs);
      const origin = existed ? await mayTakeOver(settings, subject(kind, inputs), id) : "created";
      try {
        if (existed && changedFields(await kind.asInputs(client, live, inputs), inputs, fields).length > 0) {
          live = await kind.write(client, id, inputs);
        }
        return {
          id,
          outs: { ...(await kind.outputs(client, live, inputs)), ...ownershipOutput(record(inputs), origin) },
        };
      } catch (err) {
        throw createdButFailed(err, id, { ...inputs, ...ownershipOutput(record(inputs), origin) });
      }
    },

    async read(settings: Settings | undefined, id: string, props: O): Promise<ReadResult<I, O & Owned>> {
      const client = await guardedClient(settings);
      const live = await kind.find(client, id, props);
      if (live === undefined) return {};
      const inputs = keepOrigin(await kind.asInputs(client, live, props), record(props));
      return { id, props: keepOrigin(await kind.outputs(client, live, inputs), record(props)), inputs };
    },

    async update(settings: Settings | undefined, id: string, olds: O, news: I): Promise<UpdateResult<O & Owned>> {
      const client = await guardedClient(settings);
      return {
        outs: keepOrigin(
          await kind.outputs(client, await kind.write(client, id, news), news),
          record(olds),
          record(news),
        ),
      };
    },

    async delete(settings: Settings | undefined, id: string, props: O): Promise<void> {
      // An adopted object is released: forgotten by the stack, left in HubSpot as it is (no API call).
      if ((await deleteOrRelease(settings, subject(kind, props))) === "release") return;
      const client = await guardedClient(settings);
      await kind.remove(client, id, props);
    },
  };
}

const record = (value: object): Record<string, unknown> => value as Record<string, unknown>;

function subject<I extends object, L, O extends I>(
  crud: KeyedCrud<I, L, O>,
  inputs: I,
): { type: string; inputs: Record<string, unknown>; what: string } {
  return { type: tokenOf(crud.kind), inputs: record(inputs), what: crud.kind.describe(inputs) };
}
