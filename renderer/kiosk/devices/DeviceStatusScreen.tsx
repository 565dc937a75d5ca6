import { useEffect } from 'react';
import type { DeviceHealth } from '../../../main/contract/devices.js';
import { ErrorState, LoadingState } from '../../shared/StatusMessage.js';
import { useApi } from '../../shared/use-api.js';
import { ScreenFrame } from '../ScreenFrame.js';
import './devices.css';

const DEVICE_NAMES: Record<DeviceHealth['id'], string> = {
  idcard: '身份证读卡器',
  printer: '打印机',
  scanner: '扫码器',
};

const STATE_LABELS: Record<DeviceHealth['state'], string> = {
  starting: '正在连接',
  ready: '正常',
  warning: '需要注意',
  fault: '故障',
  disconnected: '未连接',
  'not-configured': '未配置',
};

/** Seconds between refreshes of the list. */
const REFRESH_SECONDS = 3;

/** Staff view of each device's state; reached by a long press on the station name. */
export function DeviceStatusScreen() {
  const { state, retry } = useApi('devices.status', {});

  useEffect(() => {
    const timer = setInterval(retry, REFRESH_SECONDS * 1000);
    return () => clearInterval(timer);
  }, [retry]);

  const devices =
    state.status === 'ok'
      ? state.value.devices
      : state.status === 'loading'
        ? state.previous?.devices
        : undefined;
  return (
    <ScreenFrame title="设备状态（工作人员）">
      {state.status === 'error' ? (
        <ErrorState error={state.error} onRetry={retry} />
      ) : null}
      {devices === undefined ? (
        state.status === 'loading' ? (
          <LoadingState />
        ) : null
      ) : (
        <ul className="device-list">
          {devices.map((device) => (
            <li
              key={device.id}
              className={`device-row device-${device.state}`}
              data-testid={`device-${device.id}`}
            >
              <span className="device-name">{DEVICE_NAMES[device.id]}</span>
              <span className="device-state" data-field="state">
                {STATE_LABELS[device.state]}
              </span>
              <span className="device-message">{device.message}</span>
              <span className="device-target">
                {device.simulated ? '模拟器 ' : ''}
                {device.transport} {device.target}
              </span>
            </li>
          ))}
        </ul>
      )}
    </ScreenFrame>
  );
}
