import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRange } from '../../src/recordings/wav-file';
import { viewMarkers } from '../../src/recordings/markers-file';

/** Byte ranges (RFC 9110) and the engine's markers as the player shows them. */

test('parseRange: single ranges, suffixes, open ends; unsatisfiable ones; multi-ranges and other units answered whole', () => {
  assert.equal(parseRange(undefined, 100), 'all');
  assert.deepEqual(parseRange('bytes=0-9', 100), { start: 0, end: 9 });
  assert.deepEqual(parseRange('bytes=90-', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=90-500', 100), { start: 90, end: 99 }, 'an end past the file is cut to it');
  assert.deepEqual(parseRange('bytes=-10', 100), { start: 90, end: 99 });
  assert.deepEqual(parseRange('bytes=-500', 100), { start: 0, end: 99 });
  assert.equal(parseRange('bytes=100-', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=9-3', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=-0', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=-', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=abc', 100), 'unsatisfiable');
  assert.equal(parseRange('bytes=0-1,5-6', 100), 'all');
  assert.equal(parseRange('items=0-1', 100), 'all');
});

test('viewMarkers: bookmarks, announcement start and end by name, pauses; stop left out; sorted by offset', () => {
  const v = viewMarkers({
    durationMs: 9000,
    sampleRate: 8000,
    markers: [
      { name: 'announcement-end: Terms', kind: 'marker', offsetMs: 5000 },
      { name: 'Manual', kind: 'marker', offsetMs: 1000 },
      { name: 'announcement-start: Terms', kind: 'marker', offsetMs: 2000 },
      { name: 'pause', kind: 'pause', offsetMs: 6000 },
      { name: 'resume', kind: 'resume', offsetMs: 7000.4 },
      { name: 'stop', kind: 'stop', offsetMs: 9000 },
    ],
  });
  assert.deepEqual(v, [
    { kind: 'bookmark', label: 'Bookmark', offsetMs: 1000 },
    { kind: 'announcement-start', label: 'Terms', offsetMs: 2000 },
    { kind: 'announcement-end', label: 'Terms', offsetMs: 5000 },
    { kind: 'pause', label: 'Recording paused', offsetMs: 6000 },
    { kind: 'resume', label: 'Recording resumed', offsetMs: 7000 },
  ]);
});
