// Every lint rule, listed explicitly, in the order of the map's sections. A rule missing here does
// not run; test/rule-docs.test.ts fails when a rule file is not listed.
import type { Rule } from '../rule.js';
import handoffHasOwner from './handoff-has-owner.js';
import handoffHasAcceptance from './handoff-has-acceptance.js';
import handoffHasSla from './handoff-has-sla.js';
import handoffHasReturnPath from './handoff-has-return-path.js';
import stageHasExitCriteria from './stage-has-exit-criteria.js';
import stageCheckableExitCriteria from './stage-checkable-exit-criteria.js';
import stageHasStaleWindow from './stage-has-stale-window.js';
import stageStaleChangesState from './stage-stale-changes-state.js';
import stageStaleAsksQuestion from './stage-stale-asks-question.js';
import stageHasForecastCategory from './stage-has-forecast-category.js';
import stageTestsPass from './stage-tests-pass.js';
import pipelineStagesReachable from './pipeline-stages-reachable.js';
import pipelineEndsInWonAndLost from './pipeline-ends-in-won-and-lost.js';
import pipelineRequiresBuyerProblem from './pipeline-requires-buyer-problem.js';
import forecastCategoryHasEvidence from './forecast-category-has-evidence.js';
import forecastCommitDefined from './forecast-commit-defined.js';
import routingHasFallback from './routing-has-fallback.js';
import routingSegmentRouted from './routing-segment-routed.js';
import routingNoShadowedRules from './routing-no-shadowed-rules.js';
import routingTeamCoversSegment from './routing-team-covers-segment.js';
import routingSlaBusinessHours from './routing-sla-business-hours.js';
import routingTestsPass from './routing-tests-pass.js';
import demandHasResponseSla from './demand-has-response-sla.js';
import demandMeasurableSla from './demand-measurable-sla.js';
import fieldHasOwner from './field-has-owner.js';
import fieldRequiredIsUsed from './field-required-is-used.js';
import cadenceHasOwner from './cadence-has-owner.js';
import cadenceMakesDecisions from './cadence-makes-decisions.js';
import cadenceDecisionsHaveInputs from './cadence-decisions-have-inputs.js';
import decisionSingleOwner from './decision-single-owner.js';
import decisionEverySectionGoverned from './decision-every-section-governed.js';
import decisionOverlapHasPrecedence from './decision-overlap-has-precedence.js';
import decisionFileSingleOwner from './decision-file-single-owner.js';
import decisionOwnerNotList from './decision-owner-not-list.js';
import decisionHasEscalation from './decision-has-escalation.js';
import incentivePaidOnCheckable from './incentive-paid-on-checkable.js';
import lifecycleHasOwner from './lifecycle-has-owner.js';
import lifecycleRenewalRiskOwned from './lifecycle-renewal-risk-owned.js';
import metricHasOwner from './metric-has-owner.js';
import metricHasTarget from './metric-has-target.js';
import metricHasSource from './metric-has-source.js';
import initiativeHasConsequences from './initiative-has-consequences.js';
import initiativeLayer3NeedsEvidence from './initiative-layer3-needs-evidence.js';
import textNoVagueLanguage from './text-no-vague-language.js';

export const rules: Rule<any>[] = [
  handoffHasOwner,
  handoffHasAcceptance,
  handoffHasSla,
  handoffHasReturnPath,
  stageHasExitCriteria,
  stageCheckableExitCriteria,
  stageHasStaleWindow,
  stageStaleChangesState,
  stageStaleAsksQuestion,
  stageHasForecastCategory,
  stageTestsPass,
  pipelineStagesReachable,
  pipelineEndsInWonAndLost,
  pipelineRequiresBuyerProblem,
  forecastCategoryHasEvidence,
  forecastCommitDefined,
  routingHasFallback,
  routingSegmentRouted,
  routingNoShadowedRules,
  routingTeamCoversSegment,
  routingSlaBusinessHours,
  routingTestsPass,
  demandHasResponseSla,
  demandMeasurableSla,
  fieldHasOwner,
  fieldRequiredIsUsed,
  cadenceHasOwner,
  cadenceMakesDecisions,
  cadenceDecisionsHaveInputs,
  decisionSingleOwner,
  decisionOwnerNotList,
  decisionHasEscalation,
  decisionEverySectionGoverned,
  decisionOverlapHasPrecedence,
  decisionFileSingleOwner,
  incentivePaidOnCheckable,
  lifecycleHasOwner,
  lifecycleRenewalRiskOwned,
  metricHasOwner,
  metricHasTarget,
  metricHasSource,
  initiativeHasConsequences,
  initiativeLayer3NeedsEvidence,
  textNoVagueLanguage,
];
