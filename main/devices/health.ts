import type { DeviceHealth, DeviceId, DeviceState } from '../contract/devices.js';

/** The health of one device, with the time of its last change. */
export class HealthCell {
  private current: DeviceHealth;

  constructor(base: {
    id: DeviceId;
    transport: string;
    target: string;
    simulated: boolean;
  }) {
    this.current = {
      ...base,
      state: 'starting',
      message: '正在连接',
      code: null,
      since: new Date().toISOString(),
    };
  }

  get value(): DeviceHealth {
    return { ...this.current };
  }

  set(state: DeviceState, message: string, code: string | null): void {
    const changed = state !== this.current.state || code !== this.current.code;
    this.current = {
      ...this.current,
      state,
      message,
      code,
      since: changed ? new Date().toISOString() : this.current.since,
    };
  }
}
