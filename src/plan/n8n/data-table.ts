import type { NodeSpec } from "./workflow-builder";

/** A column of an n8n data table (n8n ≥ 2.7), as its public API creates it. */
export interface DataTableColumn {
  name: string;
  type: "string" | "number" | "boolean" | "date";
}

/** A data table a compiled workflow reads and writes; the provider creates it before the workflow. */
export interface DataTableSpec {
  name: string;
  columns: DataTableColumn[];
}

type Condition = { keyName: string; condition: "eq" | "lt" | "lte" | "gt" | "gte" | "isNotEmpty"; keyValue?: string };

const table = (name: string) => ({ __rl: true, mode: "name", value: name });
const node = (name: string, parameters: Record<string, unknown>): NodeSpec => ({
  name,
  type: "n8n-nodes-base.dataTable",
  typeVersion: 1.1,
  parameters: { resource: "row", ...parameters },
});

/** Rows matching every condition, ordered by `orderBy`; `limit` 0 reads them all. Always answers (an empty item when none). */
export function readRows(
  name: string,
  tableName: string,
  conditions: Condition[],
  orderBy: [string, "ASC" | "DESC"],
  limit: number,
): NodeSpec {
  return {
    ...node(name, {
      operation: "get",
      dataTableId: table(tableName),
      matchType: "allConditions",
      filters: { conditions },
      ...(limit > 0 ? { limit } : { returnAll: true }),
      orderBy: true,
      orderByColumn: orderBy[0],
      orderByDirection: orderBy[1],
    }),
    alwaysOutputData: true,
  };
}

/**
 * Inserts a row per item, all in one transaction; `values` maps columns to n8n expressions. n8n answers with each
 * row and its id.
 */
export function insertRow(name: string, tableName: string, values: Record<string, string>): NodeSpec {
  return insertNode(name, tableName, columns(values), false);
}

/**
 * Inserts a row per item, each item's fields as the row's columns (they must be the table's). For many items:
 * n8n evaluates an expression per column and item, a cost that grows with the batch; mapped fields cost nothing.
 * n8n answers with each row and its id, or, `bulk`, with only their count: the rows then go in as one statement.
 */
export function insertItems(name: string, tableName: string, { bulk = false } = {}): NodeSpec {
  return insertNode(
    name,
    tableName,
    { mappingMode: "autoMapInputData", value: {}, matchingColumns: [], schema: [] },
    bulk,
  );
}

function insertNode(name: string, tableName: string, mapping: object, bulk: boolean): NodeSpec {
  const options = bulk ? { optimizeBulk: true } : {};
  return node(name, { operation: "insert", dataTableId: table(tableName), columns: mapping, options });
}

/** Sets columns on the rows matching every condition. */
export function updateRows(
  name: string,
  tableName: string,
  conditions: Condition[],
  values: Record<string, string>,
): NodeSpec {
  return node(name, {
    operation: "update",
    dataTableId: table(tableName),
    matchType: "allConditions",
    filters: { conditions },
    columns: columns(values),
    options: {},
  });
}

/** Deletes the rows matching every condition (n8n requires at least one). */
export function deleteRows(name: string, tableName: string, conditions: Condition[]): NodeSpec {
  return node(name, {
    operation: "deleteRows",
    dataTableId: table(tableName),
    matchType: "allConditions",
    filters: { conditions },
    options: {},
  });
}

function columns(values: Record<string, string>) {
  return { mappingMode: "defineBelow", value: values, matchingColumns: [], schema: [] };
}
