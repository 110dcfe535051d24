import type { WorkflowConfig } from '../../src/index';

/** Welcome, a menu (1 care, 2 callback), account number, wrong key → menu again. */
export function careWorkflow(): WorkflowConfig {
  return {
    id: 'care-main',
    name: 'Care main line',
    start: 'welcome',
    objects: [
      { id: 'welcome', type: 'play', file: 'prompts/welcome.wav', next: 'menu' },
      {
        id: 'menu',
        type: 'collect',
        label: 'menu',
        prompt: 'prompts/menu.wav',
        minDigits: 1,
        maxDigits: 1,
        terminator: null,
        timeoutSeconds: 5,
        attempts: 2,
        next: 'route',
        noInputNext: 'to-queue',
      },
      {
        id: 'route',
        type: 'branch',
        label: 'menu',
        cases: [
          { digits: '1', next: 'account' },
          { digits: '2', next: 'callback' },
        ],
        defaultNext: 'invalid',
      },
      { id: 'invalid', type: 'play', file: 'prompts/invalid.wav', next: 'menu' },
      {
        id: 'account',
        type: 'collect',
        label: 'account',
        prompt: 'prompts/account.wav',
        minDigits: 6,
        maxDigits: 8,
        terminator: '#',
        timeoutSeconds: 8,
        attempts: 1,
        next: 'to-queue',
        noInputNext: 'to-queue',
      },
      { id: 'to-queue', type: 'queue', queueId: 'care-queue', priority: 1 },
      { id: 'callback', type: 'callback', queueId: 'care-queue', numberFrom: 'caller', next: 'thanks' },
      { id: 'thanks', type: 'play', file: 'prompts/thanks.wav', next: 'bye' },
      { id: 'bye', type: 'hangup' },
    ],
  };
}
