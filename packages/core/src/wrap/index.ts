export * from './wrap-timer';
