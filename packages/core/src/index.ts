export * from './dialer/index';
