/** HubSpot's list filter branches as tests write them by hand: an OR root holding one AND branch. */
export const oneAnd = (...filters: unknown[]) => ({
  filterBranchType: "OR",
  filters: [],
  filterBranches: [{ filterBranchType: "AND", filterBranches: [], filters }],
});

export const propertyFilter = (property: string, operation: object) => ({
  filterType: "PROPERTY",
  property,
  operation,
});
