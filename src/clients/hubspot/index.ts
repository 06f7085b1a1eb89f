export { HubSpotClient, pipelineProperties, sameLabel, type Created } from "./client";
export {
  AmbiguousWriteError,
  ArchivedPropertyError,
  BatchPartialError,
  DailyLimitError,
  HubSpotApiError,
  RateLimitGaveUpError,
  UnreachableError,
  type BatchFailure,
} from "./errors";
export { defaultRetry, portalKey, type HttpOptions, type HubSpotConnection, type RetryOptions } from "./http";
export { clearListCache } from "./list-cache";
export { limiterFor, RateLimiter } from "./rate-limiter";
export type * from "./types";
export { PortalGuardError, verifyPortal } from "./portal";
export type { FlowAction, FlowBody, LiveFlow } from "./flows";
export {
  FORM_CONTACTS,
  FORM_OWNER_FIELD,
  type FormBody,
  type FormFieldGroup,
  type LiveForm,
  type LiveFormField,
} from "./forms";
export { LIST_OBJECT_TYPE_IDS, type FilterBranch, type ListFilter, type ListInput, type LiveList } from "./lists";
