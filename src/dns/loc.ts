/** LOC RDATA (RFC 1876 §3): a position as latitude, longitude and altitude with precisions. */

/** LOC fields in degrees and metres. */
export interface LocRdata {
  /** Degrees, north positive. */
  latitude: number;
  /** Degrees, east positive. */
  longitude: number;
  /** Metres above the WGS 84 reference spheroid. */
  altitude: number;
  size: number;
  horizontalPrecision: number;
  verticalPrecision: number;
}

/** The outcome of parsing LOC fields. */
export type LocResult = { ok: true; value: LocRdata } | { ok: false; field: string; message: string };

/**
 * Parses `d1 [m1 [s1]] N|S d2 [m2 [s2]] E|W alt[m] [siz[m] [hp[m] [vp[m]]]]` (RFC 1876 §3).
 * Defaults: size 1 m, horizontal precision 10000 m, vertical precision 10 m.
 */
export function parseLoc(words: readonly string[]): LocResult {
  let position = 0;
  const fail = (field: string, message: string): LocResult => ({ ok: false, field, message });

  const readAngle = (field: string, hemispheres: string, maxDegrees: number): number | LocResult => {
    const parts: string[] = [];
    while (position < words.length && !hemispheres.includes(words[position]!.toUpperCase()) && parts.length < 3) {
      parts.push(words[position]!);
      position += 1;
    }
    const hemisphere = words[position]?.toUpperCase();
    if (parts.length === 0 || hemisphere === undefined || !hemispheres.includes(hemisphere)) {
      return fail(field, `${field} must be degrees [minutes [seconds]] followed by ${hemispheres.split('').join(' or ')}`);
    }
    position += 1;
    const [degrees = '0', minutes = '0', secondsText = '0'] = parts;
    if (!/^\d+$/.test(degrees) || !/^\d+$/.test(minutes) || !/^\d+(\.\d{1,3})?$/.test(secondsText)) {
      return fail(field, `${field} \`${parts.join(' ')}\` is not degrees, minutes and seconds`);
    }
    const value = Number(degrees) + Number(minutes) / 60 + Number(secondsText) / 3600;
    if (Number(minutes) > 59 || Number(secondsText) >= 60 || value > maxDegrees) {
      return fail(field, `${field} \`${parts.join(' ')}\` is out of range (at most ${maxDegrees} degrees, 59 minutes, 59.999 seconds)`);
    }
    return hemisphere === hemispheres[1] ? -value : value;
  };

  const latitude = readAngle('latitude', 'NS', 90);
  if (typeof latitude !== 'number') return latitude;
  const longitude = readAngle('longitude', 'EW', 180);
  if (typeof longitude !== 'number') return longitude;

  const meters = (field: string, fallback: number | undefined, min: number, max: number): number | LocResult => {
    const word = words[position];
    if (word === undefined) {
      return fallback ?? fail(field, `the ${field} field is missing`);
    }
    position += 1;
    const match = /^(-?\d+(\.\d{1,2})?)m?$/.exec(word);
    if (!match || Number(match[1]) < min || Number(match[1]) > max) {
      return fail(field, `${field} \`${word}\` must be metres from ${min} to ${max}, such as \`10m\``);
    }
    return Number(match[1]);
  };

  const altitude = meters('altitude', undefined, -100000, 42849672.95);
  if (typeof altitude !== 'number') return altitude;
  const size = meters('size', 1, 0, 90000000);
  if (typeof size !== 'number') return size;
  const horizontalPrecision = meters('horizontal precision', 10000, 0, 90000000);
  if (typeof horizontalPrecision !== 'number') return horizontalPrecision;
  const verticalPrecision = meters('vertical precision', 10, 0, 90000000);
  if (typeof verticalPrecision !== 'number') return verticalPrecision;
  if (position < words.length) return fail('rdata', `unexpected text \`${words.slice(position).join(' ')}\` after the last field`);
  return { ok: true, value: { latitude, longitude, altitude, size, horizontalPrecision, verticalPrecision } };
}
