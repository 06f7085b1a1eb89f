export {
  N8nClient,
  type N8nClientOptions,
  type WorkflowFilter,
  type ExecutionFilter,
  type WorkflowStaticData,
} from "./client";
export { N8nApiError } from "./http";
export { allowListed, writeBody } from "./write-body";
export * from "./types";
export { comparable, type ComparableWorkflow } from "./compare";
