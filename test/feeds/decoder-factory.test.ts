/**
 * The decoder factory: every venue of `VENUE_NAMES` has a byte decoder (the feed worker's) and a
 * reference decoder, and a name outside the union, as a JavaScript caller could pass, is refused
 * with an error that names it and the known venues.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UnknownVenueError, createByteDecoder, createDecoder } from '../../src/feeds/decoder-factory.js';
import { VENUE_NAMES, type VenueName } from '../../src/feeds/venue-name.js';

const SYMBOLS = [{ symbol: 'BTC', venueSymbol: 'BTCUSDT', lotSize: '0.001' }];

test('when a byte decoder is asked for each known venue then each gets its own, reading a frame that is not JSON as malformed', () => {
  const venues = new Set<string>();
  for (const venue of VENUE_NAMES) {
    const d = createByteDecoder(venue, SYMBOLS);
    venues.add(d.venue);
    const bytes = Buffer.from('{"x":', 'utf8');
    assert.equal(d.decode(bytes, 0, bytes.length), 2, `${venue}: a truncated frame is malformed`);
    assert.equal(d.stats.malformed, 1, venue);
    assert.equal(createDecoder(venue, SYMBOLS).decode('{"x":').events.length, 0, venue);
  }
  assert.equal(venues.size, VENUE_NAMES.length);
});

test('when an unknown venue name reaches the factory then it throws UnknownVenueError naming it and the known venues', () => {
  for (const make of [createByteDecoder, createDecoder]) {
    assert.throws(() => make('kraken' as VenueName, SYMBOLS), (e: unknown) => {
      assert.ok(e instanceof UnknownVenueError);
      assert.equal(e.code, 'ERR_RISKGATE_UNKNOWN_VENUE');
      assert.match(e.message, /unknown venue "kraken" \(known: bybit, okx, deribit, binance-usdm, bitmex\)/);
      return true;
    });
  }
});
