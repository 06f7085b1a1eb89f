/** A flow's enrollment as HubSpot's editor builds it for "deal enters stage", for flows made by hand in tests. */
export const stageEntered = (stageId: string) => ({
  type: "LIST_BASED",
  shouldReEnroll: false,
  unEnrollObjectsNotMeetingCriteria: false,
  reEnrollmentTriggersFilterBranches: [],
  listFilterBranch: {
    filterBranchType: "OR",
    filterBranchOperator: "OR",
    filters: [],
    filterBranches: [
      {
        filterBranchType: "AND",
        filterBranchOperator: "AND",
        filterBranches: [],
        filters: [
          {
            filterType: "PROPERTY",
            property: "dealstage",
            operation: {
              operationType: "ENUMERATION",
              operator: "IS_ANY_OF",
              includeObjectsWithNoValueSet: false,
              values: [stageId],
            },
          },
        ],
      },
    ],
  },
});
