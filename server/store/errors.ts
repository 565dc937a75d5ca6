// The server database shares the kiosk store's migration runner and its error.
export { DbVersionFromFutureError } from '../../main/store/errors.js';
