/** China Standard Time is UTC+8 all year, so Date.getTimezoneOffset() returns -480 there. */
const CHINA_OFFSET_MINUTES = -480;

/**
 * Returns a warning when the machine is not on China time, or null.
 * `offsetMinutes` is Date.getTimezoneOffset() and `zone` the IANA zone name.
 * The screens show times in the machine's zone and deadlines are local dates.
 */
export function timeZoneWarning(offsetMinutes: number, zone: string): string | null {
  if (offsetMinutes === CHINA_OFFSET_MINUTES) return null;
  return (
    `warning: the machine's time zone is ${zone}, not China time (Asia/Shanghai, UTC+8). ` +
    'Screens show times in that zone and deadlines turn over at its midnight. ' +
    'Set the system time zone, or start with TZ=Asia/Shanghai.'
  );
}
