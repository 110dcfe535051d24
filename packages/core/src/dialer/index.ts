// Outbound pacing: the pacing interface, its policies, estimators, the
// abandon-budget controller and the compliance rules.
export * from './types';
export * from './errors';
export * from './math';
export * from './agent-reports';
export * from './estimators';
export * from './answer-router';
export * from './ring-out';
export * from './abandon-budget';
export * from './policies/simple';
export * from './policies/vicidial-adaptive';
export * from './policies/issabel';
export * from './policies/erlang-blind';
export * from './policies/switchboard';
export * from './compliance/abandon-ledger';
export * from './compliance/abandon-accounting';
export * from './compliance/abandon-cap';
export * from './compliance/call-timing';
export * from './compliance/redial-guard';
export * from './compliance/do-not-call';
export * from './compliance/calling-hours';
export * from './compliance/gate';
