/** What an agent reads when their phone could not be reached or dropped (telephony's EndCause). */
const MESSAGES: Record<string, string> = {
  normal: 'The call ended',
  no_answer: 'Your phone did not answer',
  busy: 'Your phone is busy',
  invalid_number: 'That number is not valid or not reachable',
  rejected: 'The call was rejected',
  cancelled: 'The call was cancelled',
  network: 'The call failed (network)',
};

export function causeMessage(cause: string): string {
  return MESSAGES[cause] ?? `The call failed (${cause})`;
}
