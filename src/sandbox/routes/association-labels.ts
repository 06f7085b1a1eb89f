import { conflict, invalid, notFound } from "../errors";
import type { AssociationLabel } from "../model";
import { crmType, typeIdOf } from "../object-types";
import { noContent, ok, type Context, type Route } from "../router";
import type { Store } from "../store";
import { optionalString, requireNumber, requireObject, requireString } from "../validate";

/**
 * Association labels (associations v4 schema): the user-defined labels between two object types, standard or
 * custom, beside the HubSpot-defined association types each pair has. A label created with an `inverseLabel` is a
 * pair: one type id per direction, edited and deleted together. HubSpot does not refuse deleting a label records
 * still carry, so neither does the sandbox: revstack counts them itself.
 */
const base = "/crm/v4/associations/{fromObjectType}/{toObjectType}/labels";

/** HubSpot's own association types between the standard objects (its association type id reference). */
const hubspotDefined: Record<string, Array<[typeId: number, label: string | null]>> = {
  "0-1/0-2": [
    [279, null],
    [1, "Primary"],
  ],
  "0-2/0-1": [
    [280, null],
    [2, "Primary"],
  ],
  "0-3/0-1": [[3, null]],
  "0-1/0-3": [[4, null]],
  "0-3/0-2": [
    [341, null],
    [5, "Primary"],
  ],
  "0-2/0-3": [
    [342, null],
    [6, "Primary"],
  ],
  "0-5/0-1": [[16, null]],
  "0-1/0-5": [[15, null]],
};

export const labelsOf = (store: Store): Record<string, AssociationLabel> => (store.state.associationLabels ??= {});

function pair(ctx: Context): [from: string, to: string] {
  return [
    typeIdOf(crmType(ctx.store, ctx.params.fromObjectType)),
    typeIdOf(crmType(ctx.store, ctx.params.toObjectType)),
  ];
}

const spec = (label: AssociationLabel) => ({ category: "USER_DEFINED", typeId: label.typeId, label: label.label });

function list(ctx: Context) {
  const [from, to] = pair(ctx);
  const own = (hubspotDefined[`${from}/${to}`] ?? []).map(([typeId, label]) => ({
    category: "HUBSPOT_DEFINED",
    typeId,
    label,
  }));
  const user = Object.values(labelsOf(ctx.store)).filter((l) => l.fromObjectTypeId === from && l.toObjectTypeId === to);
  return ok({ results: [...own, ...user.map(spec)] });
}

function newLabel(ctx: Context, from: string, to: string, name: string, label: string): AssociationLabel {
  const typeId = Number(ctx.store.nextId("associationType", 1000));
  const made = { typeId, fromObjectTypeId: from, toObjectTypeId: to, name, label };
  labelsOf(ctx.store)[typeId] = made;
  return made;
}

function create(ctx: Context) {
  const [from, to] = pair(ctx);
  const input = requireObject(ctx.body);
  const name = requireString(input.name, "name");
  const label = requireString(input.label, "label");
  const inverse = optionalString(input.inverseLabel, "inverseLabel");
  if (!/^[a-z0-9_]+$/i.test(name))
    throw invalid(`Invalid input: name ${name} must hold only letters, digits and '_'`, [
      { message: "invalid name", in: "name" },
    ]);
  const taken = Object.values(labelsOf(ctx.store)).some(
    (l) =>
      l.name.toLowerCase() === name.toLowerCase() &&
      ((l.fromObjectTypeId === from && l.toObjectTypeId === to) ||
        (l.fromObjectTypeId === to && l.toObjectTypeId === from)),
  );
  if (taken) throw conflict(`An association label named ${name} already exists between ${from} and ${to}`);
  const made = [newLabel(ctx, from, to, name, label)];
  if (inverse !== undefined) {
    const back = newLabel(ctx, to, from, name, inverse);
    made[0].inverseTypeId = back.typeId;
    back.inverseTypeId = made[0].typeId;
    made.push(back);
  }
  ctx.store.changed();
  return ok({ results: made.map(spec) });
}

function ownLabel(ctx: Context, typeId: number): AssociationLabel {
  const [from, to] = pair(ctx);
  const label = labelsOf(ctx.store)[typeId];
  if (!label || label.fromObjectTypeId !== from || label.toObjectTypeId !== to)
    throw notFound(`Unable to find user-defined association type ${typeId} from ${from} to ${to}`);
  return label;
}

function update(ctx: Context) {
  const input = requireObject(ctx.body);
  const label = ownLabel(ctx, requireNumber(input.associationTypeId, "associationTypeId"));
  label.label = requireString(input.label, "label");
  const inverse = optionalString(input.inverseLabel, "inverseLabel");
  if (inverse !== undefined) {
    if (label.inverseTypeId === undefined)
      throw invalid(`Invalid input: association type ${label.typeId} has no inverse label`, [
        { message: "not a paired label", in: "inverseLabel" },
      ]);
    labelsOf(ctx.store)[label.inverseTypeId].label = inverse;
  }
  ctx.store.changed();
  return noContent();
}

function remove(ctx: Context) {
  const label = ownLabel(ctx, Number(ctx.params.associationTypeId));
  delete labelsOf(ctx.store)[label.typeId];
  if (label.inverseTypeId !== undefined) delete labelsOf(ctx.store)[label.inverseTypeId];
  ctx.store.changed();
  return noContent();
}

export const associationLabelRoutes: Route[] = [
  { method: "GET", path: base, handler: list },
  { method: "POST", path: base, handler: create },
  { method: "PUT", path: base, handler: update },
  { method: "DELETE", path: `${base}/{associationTypeId}`, handler: remove },
];
