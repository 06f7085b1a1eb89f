/** A flow's list-based enrollment on one filter, as HubSpot's editor builds it, for flows made by hand in tests. */
const enrolledOn = (filter: object) => ({
  type: "LIST_BASED",
  shouldReEnroll: false,
  unEnrollObjectsNotMeetingCriteria: false,
  reEnrollmentTriggersFilterBranches: [],
  listFilterBranch: {
    filterBranchType: "OR",
    filterBranchOperator: "OR",
    filters: [],
    filterBranches: [{ filterBranchType: "AND", filterBranchOperator: "AND", filterBranches: [], filters: [filter] }],
  },
});

/** "Deal enters stage". */
export const stageEntered = (stageId: string) =>
  enrolledOn({
    filterType: "PROPERTY",
    property: "dealstage",
    operation: {
      operationType: "ENUMERATION",
      operator: "IS_ANY_OF",
      includeObjectsWithNoValueSet: false,
      values: [stageId],
    },
  });

/** "Is a member of list". */
export const inList = (listId: string) => enrolledOn({ filterType: "IN_LIST", listId, operator: "IN_LIST" });
