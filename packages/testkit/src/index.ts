// Test helpers shared by the packages' tests, the e2e suites and the benchmarks:
// real peers (sipp, baresip, a Chromium WebRTC page), tools that must be
// installed, and tone analysis of recorded WAVs. Never imported by product code.
export * from './tools';
export * from './sipp';
export * from './baresip';
export * from './wav-analysis';
export * from './tone-gaps';
export * from './heard-in-order';
export * from './browser-page';
export * from './full-ice-peer';
export * from './tls-cert';
