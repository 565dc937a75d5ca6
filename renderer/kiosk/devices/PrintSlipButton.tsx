import { useState } from 'react';
import { ApiCallError, call } from '../../shared/api-client.js';
import './devices.css';

type PrintState =
  | { status: 'idle' }
  | { status: 'printing' }
  | { status: 'done'; message: string }
  | { status: 'failed'; message: string };

/** Device codes whose message is already the plain words for the screen. */
const PRINTER_CODES = new Set([
  'PRINTER_PAPER_OUT',
  'PRINTER_COVER_OPEN',
  'PRINTER_OFFLINE',
  'PRINTER_FAULT',
  'PRINTER_TIMEOUT',
  'PRINTER_DISCONNECTED',
]);

/** Renders 打印岗位单 for the job detail screen, with the outcome in words below it. */
export function PrintSlipButton({ jobId }: { jobId: number }) {
  const [state, setState] = useState<PrintState>({ status: 'idle' });

  const print = () => {
    setState({ status: 'printing' });
    call('print.jobSlip', { id: jobId })
      .then((result) => setState({ status: 'done', message: result.message }))
      .catch((error: unknown) => {
        const message =
          error instanceof ApiCallError && PRINTER_CODES.has(error.code)
            ? error.message
            : '打印失败，请联系工作人员';
        setState({ status: 'failed', message });
      });
  };

  return (
    <div className="print-slip">
      <button
        type="button"
        className="button button-primary"
        onClick={print}
        disabled={state.status === 'printing'}
      >
        {state.status === 'printing' ? '正在打印…' : '打印岗位单'}
      </button>
      {state.status === 'done' ? (
        <p className="print-result" role="status" data-testid="print-result">
          {state.message}
        </p>
      ) : null}
      {state.status === 'failed' ? (
        <p className="print-result print-failed" role="alert" data-testid="print-result">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
