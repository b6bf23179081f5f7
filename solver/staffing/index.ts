/** Contact-centre requirements: Erlang C, deferrable work within deadlines, requirements, projection. */
export { StaffingInputError, type StaffingIssue } from './errors';
export {
  agentsNeeded,
  MAX_AGENTS_PER_INTERVAL,
  averageSpeedOfAnswer,
  erlangB,
  erlangC,
  erlangMetrics,
  occupancy,
  serviceLevel,
  trafficErlangs,
  type AgentsNeededInput,
  type ErlangMetrics,
} from './erlang';
export {
  deferredRequirement,
  projectDeferred,
  type DeferredArrival,
  type DeferredInterval,
  type DeferredProjectionInterval,
  type DeferredRequirement,
  type DeferredWorkInput,
  type OpenPeriod,
} from './deferred';
export {
  computeRequirements,
  deferredShare,
  pooledRequirement,
  withShrinkage,
  type ChannelRequirements,
  type ChannelTarget,
  type DemandInterval,
  type IntervalRequirement,
  type RequirementsInput,
  type RequirementsResult,
} from './requirements';
export {
  effectiveAgents,
  projectServiceLevel,
  type ChannelProjection,
  type DailyProjection,
  type IntervalProjection,
  type ProjectionInput,
  type ProjectionResult,
  type StaffingGaps,
  type StaffOnDuty,
} from './projection';
export { allocateAgents, deskStaffing, skillGroups, type DeskStaffing, type SkillGroup } from './allocation';
