// Outbound pacing: the pacing interface, its policies, estimators, the
// abandon-budget controller and the compliance rules.
export {};
