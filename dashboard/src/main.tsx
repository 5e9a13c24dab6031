import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { registerServiceWorker } from './app/service-worker.ts';
import { env } from './shared/env.ts';
import './styles.css';

// Read `?api=` while it is still in the address bar: a first page that calls no API (not found, a
// form) would otherwise lose it to client-side navigation. A bad value is reported where the API is used.
try {
  env();
} catch {}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerServiceWorker();
