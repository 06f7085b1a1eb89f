/** The blueprint's scope: a property every object the stack acts on has, and a value that property can hold. */
import { didYouMean } from "../diagnostics";
import { scopedObjects, scopeValue } from "../scope";
import type { Check } from "./context";
import { isStandardObject } from "./names";

export const checkScope: Check = ({ blueprint, findings, names }) => {
  const scope = blueprint.scope;
  if (!scope) return;
  for (const [object, automations] of scopedObjects(blueprint)) {
    const known = names.properties(object);
    if (!known.has(scope.property)) {
      const what = automations.length
        ? `automation ${automations.map((i) => blueprint.automations[i].key).join(", ")} acts on`
        : "routing routes";
      findings.error(
        ["scope", "property"],
        `property "${scope.property}" is not declared under ${isStandardObject(object) ? "properties." : "customObjects."}${object} and is not a HubSpot default ${object} property, ` +
          `so no ${object} record would be in scope (${what} ${object})${didYouMean(scope.property, known)}`,
      );
      continue;
    }
    const declared = isStandardObject(object)
      ? blueprint.properties[object]
      : blueprint.customObjects?.[object]?.properties;
    const options = declared?.[scope.property]?.options;
    if (options && !options.some((o) => scopeValue(o.value) === scopeValue(scope.value)))
      findings.error(
        ["scope", "value"],
        `"${scope.value}" is not an option of ${object} property ${scope.property}, so no record would be in scope` +
          didYouMean(
            String(scope.value),
            options.map((o) => o.value),
          ),
      );
  }
};
