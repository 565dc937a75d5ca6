import { useEffect, useState } from 'react';
import type { MaskedCard } from '../../../main/contract/devices.js';
import { ApiCallError, call } from '../../shared/api-client.js';
import { Field } from '../../shared/Field.js';
import { ScreenFrame } from '../ScreenFrame.js';
import { useKiosk } from '../kiosk-context.js';
import './devices.css';

type ReadState =
  | { status: 'waiting'; hint: string | null }
  | { status: 'read'; card: MaskedCard }
  | { status: 'failed'; message: string; advice: string };

/** Seconds one long-poll request waits for a card; the screen requests again after NO_CARD. */
const WAIT_SECONDS = 20;

/** Pause before asking again after an unreadable card, so the citizen can lift it. */
const RETRY_PAUSE_MS = 1000;

/**
 * 身份证登记求职: prompts the citizen to lay the ID card on the reader, then
 * shows the masked name and number. Registration itself comes later.
 */
export function IdCardScreen() {
  const { dispatch } = useKiosk();
  const [state, setState] = useState<ReadState>({ status: 'waiting', hint: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    const readLoop = async () => {
      while (active) {
        try {
          const card = await call('idcard.read', { waitSeconds: WAIT_SECONDS });
          if (active) setState({ status: 'read', card });
          return;
        } catch (error) {
          if (!active) return;
          const code = error instanceof ApiCallError ? error.code : 'INTERNAL';
          if (code === 'NO_CARD') continue;
          if (code === 'CARD_UNREADABLE') {
            setState({ status: 'waiting', hint: '读卡失败，请重新放置身份证' });
            await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
            continue;
          }
          setState(failure(error));
          return;
        }
      }
    };
    void readLoop();
    return () => {
      active = false;
    };
  }, [attempt]);

  const home = () => dispatch({ type: 'navigate', route: { name: 'home' } });
  const retry = () => {
    setState({ status: 'waiting', hint: null });
    setAttempt((count) => count + 1);
  };

  return (
    <ScreenFrame title="身份证登记求职">
      {state.status === 'waiting' ? <WaitingView hint={state.hint} /> : null}
      {state.status === 'read' ? <CardView card={state.card} /> : null}
      {state.status === 'failed' ? (
        <div
          className="status status-error idcard-failed"
          role="alert"
          data-testid="idcard-error"
        >
          <p className="status-text">{state.message}</p>
          <p className="idcard-advice">{state.advice}</p>
          <button type="button" className="button button-primary" onClick={retry}>
            重试
          </button>
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="button" onClick={home}>
          返回首页
        </button>
      </div>
    </ScreenFrame>
  );
}

function WaitingView({ hint }: { hint: string | null }) {
  return (
    <div className="idcard-waiting" data-testid="idcard-waiting">
      <div className="idcard-reader" aria-hidden="true">
        <div className="idcard-card" />
        <div className="idcard-pad" />
      </div>
      <p className="idcard-prompt">请将身份证放在读卡区</p>
      <p className="idcard-hint" role="status">
        {hint ?? '放好后请不要移动，读卡需要几秒钟'}
      </p>
    </div>
  );
}

function CardView({ card }: { card: MaskedCard }) {
  return (
    <div className="idcard-result" data-testid="idcard-result">
      <p className="idcard-ok">读卡成功</p>
      <dl className="fields idcard-fields">
        <Field name="name" label="姓名" value={card.name} />
        <Field name="idNumber" label="证件号码" value={card.idNumber} />
        <Field name="cardType" label="证件类型" value={card.cardTypeLabel} />
      </dl>
      <p className="idcard-soon">求职登记功能即将开放，请先取回身份证</p>
    </div>
  );
}

/** Builds the failed state for an error that waiting will not fix, such as an unplugged reader. */
function failure(error: unknown): ReadState {
  if (
    error instanceof ApiCallError &&
    (error.code === 'READER_DISCONNECTED' || error.code === 'READER_FAULT')
  ) {
    return {
      status: 'failed',
      message: error.message,
      advice: '您可以先使用其他服务，或请现场工作人员帮忙',
    };
  }
  return {
    status: 'failed',
    message: '暂时无法读卡，请联系工作人员',
    advice: '您可以先使用其他服务，或请现场工作人员帮忙',
  };
}
