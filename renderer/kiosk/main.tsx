import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initApiClient } from '../shared/api-client.js';
import { App } from './App.js';
import './kiosk.css';

initApiClient();

// A long press must not open the browser's context menu on a kiosk.
window.addEventListener('contextmenu', (event) => event.preventDefault());

const root = document.getElementById('root');
if (root === null) throw new Error('The kiosk page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
