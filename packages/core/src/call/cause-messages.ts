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

/** A manual call that rang the agent's phone first and never got past it (EndCause of the agent's leg). */
const AGENT_PHONE: Record<string, string> = {
  no_answer: 'Your phone did not answer, so the call was not made',
  busy: 'Your phone is busy, so the call was not made',
  rejected: 'Your phone declined the call, so the call was not made',
  invalid_number: 'Your phone could not be reached (check its number), so the call was not made',
  network: 'Your phone could not be reached (network), so the call was not made',
  cancelled: 'The call was cancelled',
  normal: 'Your phone hung up before the call was made',
};

export function agentPhoneDialMessage(cause: string): string {
  return AGENT_PHONE[cause] ?? `Your phone could not be reached (${cause}), so the call was not made`;
}

/** The notice code for those: one per cause, beside manual dial's DIAL_* codes for the customer's side. */
export function agentPhoneDialCode(cause: string): string {
  if (cause === 'cancelled') return 'DIAL_CANCELLED';
  if (cause === 'normal') return 'DIAL_AGENT_PHONE_HUNG_UP';
  return `DIAL_AGENT_PHONE_${cause.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** A transfer or consult target that could not be reached (EndCause of the dialled leg). */
const TARGET: Record<string, string> = {
  no_answer: 'No answer',
  busy: 'The number is busy',
  invalid_number: 'That number is not valid or not reachable',
  rejected: 'The call was rejected',
  network: 'The number could not be reached (network)',
  normal: 'The other side hung up',
  cancelled: 'Cancelled',
};

export function targetFailedMessage(cause: string): string {
  return TARGET[cause] ?? `The call failed (${cause})`;
}
