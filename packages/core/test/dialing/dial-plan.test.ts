import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DialPlanRefusedError, InvalidPhoneNumberError, callMeNumber, checkDialPlan, defaultDialPlan, dialPlanOf, type DialPlanConfig } from '../../src/index';

const AU: DialPlanConfig = { allowCountries: ['AU'], blockTypes: ['PREMIUM_RATE'], blockNumbers: ['+61491570999'] };

test('the dial plan allows E.164 numbers of allowed countries and refuses premium rate, other countries, blocked numbers and anything not E.164', () => {
  const ok = checkDialPlan('+61491570101', AU);
  assert.ok(ok.allowed && ok.number.country === 'AU' && ok.number.type === 'MOBILE');
  const refusal = (n: string, plan = AU) => {
    const d = checkDialPlan(n, plan);
    return d.allowed ? 'allowed' : d.refusal;
  };
  assert.equal(refusal('+19005550123'), 'country-not-allowed');
  assert.equal(refusal('+442079460000'), 'country-not-allowed');
  assert.equal(refusal('+611900123456'), 'number-type-blocked');
  assert.equal(refusal('+61491570999'), 'number-blocked');
  for (const bad of ['61491570101', '0491570101', 'sip:evil@1.2.3.4:5060', '+61491570101\u0000', '', '+999123456']) assert.equal(refusal(bad), 'not-e164', JSON.stringify(bad));
  // "all" countries, a prefix block.
  const world: DialPlanConfig = { allowCountries: 'all', blockTypes: ['PREMIUM_RATE'], blockNumbers: ['+1900', '+4420'] };
  assert.equal(refusal('+12025550143', world), 'allowed');
  assert.equal(refusal('+19005550123', world), 'number-blocked');
  assert.equal(refusal('+442079460000', world), 'number-blocked');
  assert.equal(refusal('+611900123456', world), 'number-type-blocked');
  // Without a plan: the workspace's own country, no premium rate.
  assert.deepEqual(defaultDialPlan('au'), { allowCountries: ['AU'], blockTypes: ['PREMIUM_RATE'], blockNumbers: [] });
  assert.deepEqual(dialPlanOf({ region: 'NZ' }), defaultDialPlan('NZ'));
});

test("a call-me number normalises to E.164 in the agent region and must pass the dial plan; only the agent's own phone may be something else; never a URI", () => {
  const ctx = { region: 'AU', ownPhoneUsers: ['alice', '1001'], dialPlan: AU };
  assert.equal(callMeNumber('0491 570 101', ctx), '+61491570101');
  assert.equal(callMeNumber('+61491570301', ctx), '+61491570301');
  assert.equal(callMeNumber('1001', ctx), '1001');
  assert.equal(callMeNumber('alice', ctx), 'alice');
  assert.throws(() => callMeNumber('1002', ctx), InvalidPhoneNumberError, "another agent's number is not one's own phone");
  for (const bad of ['sip:evil@1.2.3.4:5060', 'bob', '+61491570101\u0007', '+61\t491570101'])
    assert.throws(() => callMeNumber(bad, ctx), InvalidPhoneNumberError, JSON.stringify(bad));
  for (const [n, why] of [
    ['+1 900 555 0123', 'country-not-allowed'],
    ['0011 1 900 555 0123', 'country-not-allowed'],
    ['1900 123 456', 'number-type-blocked'],
  ] as const) {
    assert.throws(
      () => callMeNumber(n, ctx),
      (e: unknown) => e instanceof DialPlanRefusedError && e.code === 'DIAL_PLAN_REFUSED' && e.refusal === why && /not allowed/.test(e.message),
      n,
    );
  }
});

test('the session asks the connector to check a call-me number first: the normalised number is dialled and saved; a refusal changes nothing, is told to the agent with DIAL_PLAN_REFUSED and is in the audit', async () => {
  const { harness, callMe } = await import('../agent/helpers');
  const h = harness();
  const ctx = { region: 'AU', ownPhoneUsers: ['alice', '1001'], dialPlan: AU };
  h.connector.prepareNumber = (_agentId: string, n: string) => callMeNumber(n, ctx);
  h.take();
  assert.throws(
    () => h.session.apply(callMe('+1 900 555 0123')),
    (e: unknown) => e instanceof DialPlanRefusedError,
  );
  const refused = h.take();
  assert.deepEqual(
    refused.map((e) => [e.name, e.notice?.code]),
    [['notice', 'DIAL_PLAN_REFUSED']],
  );
  assert.deepEqual(
    { ...refused[0]!.audit, detail: { ...refused[0]!.audit.detail, message: undefined } },
    {
      kind: 'notice',
      from: null,
      to: 'DIAL_PLAN_REFUSED',
      detail: { level: 'error', message: undefined, purpose: 'call-me', reason: 'country-not-allowed', number: '+19005550123', country: 'US', type: 'PREMIUM_RATE' },
    },
  );
  assert.equal(h.session.view().voice.status, 'none');
  assert.equal(h.connector.connects.length, 0);
  assert.throws(() => h.session.apply(callMe('sip:evil@1.2.3.4:5060')), InvalidPhoneNumberError);
  assert.equal(h.connector.connects.length, 0);
  h.session.apply({ type: 'connect-voice', method: 'call-me', number: '0491 570 101', persistent: false, saveAsDefault: true });
  assert.equal(h.connector.connects[0]!.number, '+61491570101');
  assert.equal(h.session.view().defaults?.number, '+61491570101');
});
