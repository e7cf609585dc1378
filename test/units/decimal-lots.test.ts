import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decimalToNumber, formatDecimal, parseDecimal, toLots, type Decimal } from '../../src/units/decimal-lots.js';

function lot(text: string): Decimal {
  const d = parseDecimal(text);
  assert.ok(d !== undefined, `${text} should parse`);
  return d;
}

function lots(qty: string | number, lotSize: string): number {
  const r = toLots(qty, lot(lotSize));
  assert.ok(r.ok, `toLots(${JSON.stringify(qty)}, ${lotSize}) failed: ${r.ok ? '' : r.error}`);
  return r.lots;
}

function lotsError(qty: string | number, lotSize: string): string {
  const r = toLots(qty, lot(lotSize));
  assert.ok(!r.ok, `toLots(${JSON.stringify(qty)}, ${lotSize}) should fail, gave ${r.ok ? r.lots : ''}`);
  return r.error;
}

test('when a plain decimal is parsed then it is exact units and scale', () => {
  assert.deepEqual(parseDecimal('0.003'), { units: 3n, scale: 3 });
  assert.deepEqual(parseDecimal('12.50'), { units: 1250n, scale: 2 });
  assert.deepEqual(parseDecimal('7'), { units: 7n, scale: 0 });
  assert.deepEqual(parseDecimal('-0.5'), { units: -5n, scale: 1 });
  assert.deepEqual(parseDecimal('+2'), { units: 2n, scale: 0 });
});

test('when an exponent form is parsed then it is the same exact value', () => {
  assert.deepEqual(parseDecimal('3e-3'), { units: 3n, scale: 3 });
  assert.deepEqual(parseDecimal('1.5E2'), { units: 150n, scale: 0 });
  assert.deepEqual(parseDecimal('2e+3'), { units: 2000n, scale: 0 });
  assert.deepEqual(parseDecimal('0.25e1'), { units: 25n, scale: 1 });
});

test('when the text is not a decimal then parseDecimal returns undefined', () => {
  for (const bad of ['', ' 1', '1 ', '.5', '5.', '1,5', '0x10', 'NaN', 'Infinity', '1e', 'e5', '--1', '1_000', '١', 'x'.repeat(10), '1'.repeat(65)]) {
    assert.equal(parseDecimal(bad), undefined, JSON.stringify(bad));
  }
});

test('when the exponent is beyond ±60 then parseDecimal refuses it', () => {
  assert.notEqual(parseDecimal('1e60'), undefined);
  assert.notEqual(parseDecimal('1e-60'), undefined);
  assert.equal(parseDecimal('1e61'), undefined);
  assert.equal(parseDecimal('1e-61'), undefined);
});

test('when a quantity is a whole number of lots then toLots is exact ("0.003" / "0.001" = 3)', () => {
  assert.equal(lots('0.003', '0.001'), 3);
  assert.equal(lots('0.3', '0.1'), 3);
  assert.equal(lots('1', '0.001'), 1000);
  assert.equal(lots('100', '25'), 4);
  assert.equal(lots('0.000', '0.001'), 0);
  assert.equal(lots('3e-3', '0.001'), 3);
  assert.equal(lots('0.003', '1e-3'), 3);
  assert.equal(lots('1.5E2', '0.5'), 300);
});

test('when a quantity is a JS number then it is read through its shortest decimal form', () => {
  assert.equal(lots(0.003, '0.001'), 3);
  assert.equal(lots(0.3, '0.1'), 3, '0.3 is not 0.299999...');
  assert.equal(lots(1e-7, '0.0000001'), 1);
  assert.equal(lots(-0.7, '0.1'), -7);
  assert.match(lotsError(0.1 + 0.2, '0.1'), /not a whole number of lots/);
  assert.match(lotsError(NaN, '1'), /not a decimal number/);
  assert.match(lotsError(Infinity, '1'), /not a decimal number/);
});

test('when a quantity is not a whole number of lots then toLots fails instead of rounding ("0.0035")', () => {
  assert.equal(lotsError('0.0035', '0.001'), 'quantity 0.0035 is not a whole number of lots of 0.001');
  assert.match(lotsError('1', '0.3'), /not a whole number of lots of 0\.3/);
  assert.match(lotsError('10', '3'), /not a whole number/);
});

test('when a quantity is negative then the lots are negative', () => {
  assert.equal(lots('-0.003', '0.001'), -3);
  assert.equal(lots('-1e-3', '0.001'), -1);
});

test('when the lots exceed 2^53 then toLots fails; exactly 2^53 - 1 passes', () => {
  assert.equal(lots('9007199254740991', '1'), Number.MAX_SAFE_INTEGER);
  assert.equal(lots('-9007199254740991', '1'), -Number.MAX_SAFE_INTEGER);
  assert.match(lotsError('9007199254740992', '1'), /exceeds 2\^53 lots/);
  assert.match(lotsError('1e30', '1'), /exceeds 2\^53 lots/);
  assert.match(lotsError('9.007199254740992', '0.000000000000001'), /exceeds 2\^53 lots/);
  assert.equal(lots('1e30', '1e20'), 1e10);
});

test('when the quantity text is malformed or the lot size is not positive then toLots fails', () => {
  assert.match(lotsError('abc', '1'), /"abc" is not a decimal number/);
  assert.match(lotsError('1', '0'), /lot size must be positive/);
  assert.match(lotsError('1', '-1'), /lot size must be positive/);
});

test('when a decimal is formatted then it has no exponent and no trailing zeros', () => {
  assert.equal(formatDecimal(lot('0.0010')), '0.001');
  assert.equal(formatDecimal(lot('12.50')), '12.5');
  assert.equal(formatDecimal(lot('100')), '100');
  assert.equal(formatDecimal(lot('100.00')), '100');
  assert.equal(formatDecimal(lot('1.5e2')), '150');
  assert.equal(formatDecimal(lot('-0.020')), '-0.02');
  assert.equal(formatDecimal(lot('0.000')), '0');
  assert.equal(formatDecimal({ units: 5n, scale: 3 }), '0.005');
});

test('when a decimal is turned into a number then it is the nearest double', () => {
  assert.equal(decimalToNumber(lot('0.001')), 0.001);
  assert.equal(decimalToNumber(lot('2.5e3')), 2500);
  assert.equal(decimalToNumber(lot('-0.1')), -0.1);
});
